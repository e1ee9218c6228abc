package privacy

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

func TestHideNumbers(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plus number", "from +15550001234 now", "from [number] now"},
		{"phone JID", "to 15550001234@s.whatsapp.net", "to [number]"},
		{"device JID", "No LID found for 15550000100:3@s.whatsapp.net", "No LID found for [number]"},
		{"LID", "sender 123456789012345@lid said", "sender [number] said"},
		{"LID with device", "123456789012345:7@lid", "[number]"},
		{"lid user ID", "user lid:123456789012345", "user [number]"},
		{"group chat ID stays", "in 120363000000000001@g.us", "in 120363000000000001@g.us"},
		{"counts and times stay", "sent 12 of 15 at 18:00, row 123456", "sent 12 of 15 at 18:00, row 123456"},
		{"short plus stays", "+12345", "+12345"},
		{"no digits", "connected to WhatsApp", "connected to WhatsApp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HideNumbers(tt.in); got != tt.want {
				t.Errorf("HideNumbers(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

type jid string

func (j jid) String() string { return string(j) + "@s.whatsapp.net" }

// No way of putting a number in a log line lets it through: the message,
// attributes given with it or before it, in groups, as errors or as
// values that print themselves; in text and in JSON.
func TestLogHandlerHidesNumbers(t *testing.T) {
	const phone, digits = "+15550001234", "15550001234"
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			var next slog.Handler = slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})
			if format == "json" {
				next = slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})
			}
			log := slog.New(NewLogHandler(next))
			log.Info("message from "+phone, "user", phone)
			log.With("chat", digits+"@s.whatsapp.net").Warn("send failed",
				slog.Any("error", errors.New("send to "+digits+"@s.whatsapp.net: timeout")))
			log.WithGroup("member").Error("seen", slog.Group("who", "id", "lid:"+digits, "jid", jid(digits)))
			log.With(slog.Group("g", "lid", digits+"@lid")).Debug("kept", "group", "120363000000000001@g.us", "n", 15550001234)
			log.Info("listed", slog.Any("users", []string{phone}), slog.Any("chats", map[string]int{digits + "@s.whatsapp.net": 1}))
			out := buf.String()
			if strings.Count(out, digits) != 1 { // in the int, which is no text
				t.Errorf("a number came through:\n%s", out)
			}
			if n := strings.Count(out, "[number]"); n != 9 {
				t.Errorf("%d numbers hidden, want 9:\n%s", n, out)
			}
			for _, kept := range []string{"120363000000000001@g.us", "send failed", "member", "who"} {
				if !strings.Contains(out, kept) {
					t.Errorf("the log lost %q:\n%s", kept, out)
				}
			}
		})
	}
}
