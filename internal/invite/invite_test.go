package invite

import "testing"

func TestCode(t *testing.T) {
	tests := []struct {
		link, code string
		ok         bool
	}{
		{"https://chat.whatsapp.com/AbC123", "AbC123", true},
		{"chat.whatsapp.com/AbC123", "AbC123", true},
		{"HTTPS://CHAT.WHATSAPP.COM/AbC123", "AbC123", true}, // the code keeps its case
		{"https://chat.whatsapp.com/AbC123?mode=ems_copy_t", "AbC123", true},
		{"https://chat.whatsapp.com/AbC123/", "AbC123", true},
		{"https://chat.whatsapp.com/AbC123.", "AbC123", true},
		{"(https://chat.whatsapp.com/AbC123)", "AbC123", true},
		{"<https://chat.whatsapp.com/AbC123>", "AbC123", true},
		{"(https://chat.whatsapp.com/AbC123).", "AbC123", true},
		{"«chat.whatsapp.com/AbC123»,", "AbC123", true},
		{"https://chat.whatsapp.com/AbC123#x", "AbC123", true},
		{"not-a-link", "", false},
		{"AbC123", "", false},
		{"https://chat.whatsapp.com/", "", false},
		{"https://chat.whatsapp.com/a/b", "", false},
		{"https://evil.example/chat.whatsapp.com/AbC", "", false},
		{"https://chat.whatsapp.com.evil.example/AbC", "", false},
		{"ftp://chat.whatsapp.com/AbC", "", false},
		{"https://chat.whatsapp.com/Ab%20C", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		code, ok := Code(tc.link)
		if code != tc.code || ok != tc.ok {
			t.Errorf("Code(%q) = %q %v, want %q %v", tc.link, code, ok, tc.code, tc.ok)
		}
	}
}
