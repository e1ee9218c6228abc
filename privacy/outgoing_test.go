package privacy

import "testing"

func TestOutgoing(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"phone JID", "ask 15550001234@s.whatsapp.net", "ask [removed]"},
		{"device JID", "(15550001234:3@s.whatsapp.net)", "([removed])"},
		{"LID", "ask 123456789012345@lid now", "ask [removed] now"},
		{"old phone JID", "15550001234@c.us", "[removed]"},
		{"lid user ID", "from lid:123456789012345", "from [removed]"},
		{"any case", "15550001234@S.WhatsApp.Net", "[removed]"},
		{"numbers members write stay", "call +1 555 000 1234 or +15550001234", "call +1 555 000 1234 or +15550001234"},
		{"group chat ID stays", "• 120363000000000001@g.us — refused", "• 120363000000000001@g.us — refused"},
		{"email stays", "amina@example.org", "amina@example.org"},
		{"other digits stay", "٢٥ personnes, ２０２６", "٢٥ personnes, ２０２６"},
		{"times and words stay", "18:00 valid:12345678 @amina", "18:00 valid:12345678 @amina"},
		{"addresses that only look alike stay", "info@lid.example.org, amina@C.US.example, https://example.org/a@lid",
			"info@lid.example.org, amina@C.US.example, https://example.org/a@lid"},
		{"a word before a colon stays", "Paint LID:2 then lid:12", "Paint LID:2 then lid:12"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Outgoing(tt.in); got != tt.want {
				t.Errorf("Outgoing(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
