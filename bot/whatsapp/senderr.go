package whatsapp

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"go.mau.fi/whatsmeow"

	"labbot/bot/outbox"
)

// sendError says what a failed send asks of the outbox: a pause, a slow
// day, giving the message up, or (any other error) a retry with backoff.
// One switch, so a new kind of refusal is one more case.
func sendError(err error) error {
	code := serverCode(err)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, whatsmeow.ErrIQRateOverLimit), strings.Contains(err.Error(), "rate-overlimit"), code == 429:
		return outbox.RateLimited(err, rateLimitPause)
	case errors.Is(err, whatsmeow.ErrNotConnected), errors.Is(err, whatsmeow.ErrNotLoggedIn):
		// Offline: waiting costs the row no attempt, and so loses nothing.
		return outbox.Pause(err, offlinePause)
	case code == 463:
		// A first message to someone who never wrote labbot: the pinned
		// whatsmeow sends a privacy token only when it has one, and never
		// fetches one. Eight tries would be eight refusals, and WhatsApp
		// restricts accounts it refuses often.
		return outbox.Permanent(fmt.Errorf("%w: %w", outbox.ErrFirstContactRefused, err))
	case code == 479:
		// "Invalid stanza" (whatsmeow's client.go): this message, as
		// built, is refused, and would be on every try. Nothing is
		// learned about its reader.
		return outbox.Permanent(err)
	}
	return err
}

// serverCode is the code in whatsmeow's "server returned error N" (the
// error attribute of the server's answer to a send); 0 for other errors.
func serverCode(err error) int {
	if !errors.Is(err, whatsmeow.ErrServerReturnedError) {
		return 0
	}
	text := err.Error()
	code, _ := strconv.Atoi(text[strings.LastIndexByte(text, ' ')+1:])
	return code
}
