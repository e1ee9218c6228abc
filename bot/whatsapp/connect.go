package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/mdp/qrterminal/v3"
	"go.mau.fi/whatsmeow"
)

const (
	firstRetry = 2 * time.Second
	maxRetry   = 2 * time.Minute
)

// connect connects, pairing first when the session is new: by a QR code
// printed on qr, or by a code for phone (in + form) when it is given. It
// retries with backoff, one log line a try, until it connects or ctx ends.
func (s *Session) connect(ctx context.Context, phone string, qr io.Writer) {
	wait := firstRetry
	for {
		err := s.connectOnce(ctx, phone, qr)
		if err == nil || errors.Is(err, whatsmeow.ErrAlreadyConnected) || ctx.Err() != nil {
			return
		}
		s.log.Warn("cannot reach WhatsApp; will try again", "retry_in", wait, slog.Any("error", err))
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, maxRetry)
	}
}

func (s *Session) connectOnce(ctx context.Context, phone string, qr io.Writer) error {
	if s.client.Store.ID != nil {
		return s.client.ConnectContext(ctx)
	}
	qctx, stopQR := context.WithCancel(ctx) // removes the QR handler when this try ends
	defer stopQR()
	codes, err := s.client.GetQRChannel(qctx)
	if err != nil {
		return err
	}
	if err := s.client.ConnectContext(ctx); err != nil {
		return err
	}
	asked := false
	for item := range codes {
		switch {
		case item.Event == whatsmeow.QRChannelEventCode && phone != "" && !asked:
			asked = true
			// WhatsApp checks this name is "Browser (OS)", a common one
			// (whatsmeow's pair-code.go): it cannot say labbot here.
			code, err := s.client.PairPhone(ctx, phone[1:], true, whatsmeow.PairClientChrome, "Chrome (Linux)")
			if err != nil {
				return fmt.Errorf("pair by phone: %w", err)
			}
			fmt.Fprintf(qr, "On the phone: WhatsApp > Linked devices > Link a device > Link with phone number, and enter %s\n", code)
		case item.Event == whatsmeow.QRChannelEventCode && phone == "":
			fmt.Fprintln(qr, "Scan this with WhatsApp on labbot's phone (Linked devices > Link a device):")
			qrterminal.GenerateHalfBlock(item.Code, qrterminal.L, qr)
		case item == whatsmeow.QRChannelSuccess:
			s.log.Info("paired with WhatsApp")
			return nil
		case item.Event == whatsmeow.QRChannelEventCode:
		default:
			s.client.Disconnect()
			return fmt.Errorf("pairing ended: %s", item.Event)
		}
	}
	return nil
}
