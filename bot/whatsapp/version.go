package whatsapp

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waCompanionReg"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
)

// osName is what the phone's Linked devices list shows for labbot (else
// "whatsmeow"). WhatsApp reads it when a device pairs: a session paired
// before keeps the name it had until it is paired again.
const osName = "labbot"

// identify sets what labbot tells WhatsApp it is when it pairs. whatsmeow
// keeps it in package variables; set once, as a running connection reads them.
func identify() {
	if store.DeviceProps.GetOs() == osName {
		return
	}
	store.SetOSInfo(osName, [3]uint32{1, 0, 0})
	store.DeviceProps.PlatformType = waCompanionReg.DeviceProps_DESKTOP.Enum()
}

// latestVersion asks WhatsApp's web site for the current client version.
func latestVersion(ctx context.Context) (*store.WAVersionContainer, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return whatsmeow.GetLatestVersion(ctx, &http.Client{Timeout: 10 * time.Second})
}

// updateVersion asks WhatsApp for its current client version and makes it
// the one labbot logs in with, going on with the one it has when it cannot.
// (In the pinned whatsmeow, SetWAVersion alone changes only the version's
// string and hash: the login payload copies BaseClientPayload, whose
// AppVersion is set here too.)
func (s *Session) updateVersion(ctx context.Context) {
	v, err := s.latestVersion(ctx)
	if err == nil && v.IsZero() {
		err = errors.New("WhatsApp answered no version")
	}
	if err != nil {
		s.log.Warn("could not ask WhatsApp for its current client version; going on with the one labbot has", "version", sentVersion(), slog.Any("error", err))
		return
	}
	store.SetWAVersion(*v)
	store.BaseClientPayload.UserAgent.AppVersion = v.ProtoAppVersion()
	s.log.Info("WhatsApp client version", "version", sentVersion())
}

// sentVersion is the version the login payload carries, as WhatsApp reads it.
func sentVersion() string {
	av := store.BaseClientPayload.GetUserAgent().GetAppVersion()
	return store.WAVersionContainer{av.GetPrimary(), av.GetSecondary(), av.GetTertiary()}.String()
}

// outdated is WhatsApp refusing labbot's client version (405). The first
// time since the last connection labbot asks for the current version and
// connects again; the second, it stops: the version it can find is not
// enough, and whatsmeow itself must be updated.
func (s *Session) outdated() {
	if s.watch.outdatedAgain() > 1 {
		s.stop(errors.New("WhatsApp no longer accepts this client version (" + sentVersion() + "), even the newest one WhatsApp names: update whatsmeow (README, \"Updating whatsmeow\") and rebuild"))
		return
	}
	s.log.Warn("WhatsApp refused labbot's client version; asking for the current one and connecting again", "version", sentVersion())
	go func() {
		s.updateVersion(context.Background())
		s.reconnect("asked WhatsApp for its current client version")
	}()
}

// sendPresence says labbot is available, so that its receipts are not
// "inactive". WhatsApp needs the account's name for it, which a session
// just paired learns from the phone a little later (PushNameSetting):
// presence is sent then.
func (s *Session) sendPresence() {
	err := s.edge.SendPresence(context.Background(), types.PresenceAvailable)
	switch {
	case errors.Is(err, whatsmeow.ErrNoPushName):
		s.log.Info("labbot's WhatsApp name is not known yet; it says it is available once the phone has sent it")
	case err != nil:
		s.log.Warn("could not tell WhatsApp labbot is available", slog.Any("error", err))
	}
}
