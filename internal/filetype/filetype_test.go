package filetype

import "testing"

func TestOf(t *testing.T) {
	tests := []struct{ name, mime, want string }{
		{"guide.PDF", "", "pdf"},
		{"", "audio/ogg; codecs=opus", "ogg"},
		{"plan.docx", "application/octet-stream", "docx"},
		{"", "image/jpeg", "jpg"},
		{"photo.jpeg", "", "jpg"},
		{"notes.txt", "text/plain", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		got, _ := Of(tt.name, tt.mime)
		if got.Ext != tt.want {
			t.Errorf("Of(%q, %q) = %q; want %q", tt.name, tt.mime, got.Ext, tt.want)
		}
	}
	if KindOf("a.ogg") != Audio || KindOf("a.png") != Image || KindOf("a.pdf") != Document || KindOf("a") != Document {
		t.Error("KindOf: audio, image, document, document")
	}
}
