package main

import (
	"bytes"
	"strings"
	"testing"

	"labbot/bot/config"
)

// The logger every part of labbot gets writes no phone number nor
// WhatsApp ID, in either format, however the part hands it over.
func TestLoggerHidesNumbers(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			log := newLogger(config.Log{Level: "debug", Format: format}, &buf).With("transport", "whatsapp")
			log.Info("message from +15550001234", "chat", "15550001234@s.whatsapp.net")
			log.With("user", "+15550001234").Warn("refused a stranger")
			if out := buf.String(); strings.Contains(out, "15550001234") || strings.Count(out, "[number]") != 3 {
				t.Errorf("want the number hidden three times:\n%s", out)
			}
		})
	}
}
