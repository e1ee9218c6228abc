package whatsapp

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/store/sqlstore"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"labbot/bot/config"
)

var (
	group    = types.NewJID("120363000000000001", types.GroupServer)
	phone    = types.NewJID("15550000100", types.DefaultUserServer)
	lid      = types.NewJID("98765432101234", types.HiddenUserServer)
	unknownL = types.NewJID("11111111111111", types.HiddenUserServer)
	at       = time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
)

// event builds a real whatsmeow message event, as the client delivers it.
func event(chat, sender, alt types.JID, msg *waE2E.Message) *events.Message {
	return &events.Message{
		Info: types.MessageInfo{
			MessageSource: types.MessageSource{Chat: chat, Sender: sender, SenderAlt: alt, IsGroup: chat.Server == types.GroupServer},
			ID:            "3EB0C0FFEE", PushName: "Amina", Timestamp: at,
		},
		Message: msg,
	}
}

func quoting(id string) *waE2E.ContextInfo {
	return &waE2E.ContextInfo{StanzaID: proto.String(id), Participant: proto.String(lid.String())}
}

func TestToMessage(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name               string
		evt                *events.Message
		ok                 bool
		chat, sender, text string
		quoted             string
		group              bool
	}{
		{"conversation in a group", event(group, phone, types.EmptyJID, &waE2E.Message{Conversation: proto.String("!help")}),
			true, group.String(), "+15550000100", "!help", "", true},
		{"extended text quoting labbot", event(group, phone, types.EmptyJID, &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{
			Text: proto.String("We use a reserve fund"), ContextInfo: quoting("m7")}}),
			true, group.String(), "+15550000100", "We use a reserve fund", "m7", true},
		{"photo caption", event(group, phone, types.EmptyJID, &waE2E.Message{ImageMessage: &waE2E.ImageMessage{Caption: proto.String("!tip see the poster #outreach")}}),
			true, group.String(), "+15550000100", "!tip see the poster #outreach", "", true},
		{"video caption quoting", event(group, phone, types.EmptyJID, &waE2E.Message{VideoMessage: &waE2E.VideoMessage{Caption: proto.String("our answer"), ContextInfo: quoting("m9")}}),
			true, group.String(), "+15550000100", "our answer", "m9", true},
		{"document caption", event(group, phone, types.EmptyJID, &waE2E.Message{DocumentMessage: &waE2E.DocumentMessage{Caption: proto.String("!resource https://x.org Budget")}}),
			true, group.String(), "+15550000100", "!resource https://x.org Budget", "", true},
		{"direct message", event(phone, phone, types.EmptyJID, &waE2E.Message{Conversation: proto.String("!aide")}),
			true, "+15550000100", "+15550000100", "!aide", "", false},
		{"LID-addressed group, phone in SenderAlt", event(group, lid, phone, &waE2E.Message{Conversation: proto.String("!ayuda")}),
			true, group.String(), "+15550000100", "!ayuda", "", true},
		{"LID known to the store only", event(group, lid, types.EmptyJID, &waE2E.Message{Conversation: proto.String("!ayuda")}),
			true, group.String(), "+15550000100", "!ayuda", "", true},
		{"LID nobody knows", event(group, unknownL, types.EmptyJID, &waE2E.Message{Conversation: proto.String("!help")}),
			true, group.String(), "lid:11111111111111", "!help", "", true},
		{"a device's sender part is dropped", event(group, types.NewADJID("15550000100", 0, 3), types.EmptyJID, &waE2E.Message{Conversation: proto.String("hi")}),
			true, group.String(), "+15550000100", "hi", "", true},
	}
	lids := seededLIDs(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, ok := toMessage(ctx, tc.evt, lids)
			if ok != tc.ok || m.Chat != tc.chat || m.Sender != tc.sender || m.Text != tc.text || m.QuotedID != tc.quoted || m.Group != tc.group {
				t.Errorf("toMessage = %+v, %v; want chat %q sender %q text %q quoted %q group %v",
					m, ok, tc.chat, tc.sender, tc.text, tc.quoted, tc.group)
			}
			if ok && (m.ID != "3EB0C0FFEE" || m.SenderName != "Amina" || !m.Time.Equal(at)) {
				t.Errorf("ID, name or time lost: %+v", m)
			}
		})
	}
}

// What the core must never act on.
func TestToMessageIgnores(t *testing.T) {
	ctx := context.Background()
	text := &waE2E.Message{Conversation: proto.String("!help")}
	fromMe := event(group, phone, types.EmptyJID, text)
	fromMe.Info.IsFromMe = true
	revoke := event(group, phone, types.EmptyJID, &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{
		Type: waE2E.ProtocolMessage_REVOKE.Enum(), Key: nil}})
	status := event(types.StatusBroadcastJID, phone, types.EmptyJID, text)
	sticker := event(group, phone, types.EmptyJID, &waE2E.Message{StickerMessage: &waE2E.StickerMessage{}})
	empty := event(group, phone, types.EmptyJID, nil)
	for name, evt := range map[string]*events.Message{
		"labbot's own": fromMe, "a revoke": revoke, "a status update": status,
		"a sticker": sticker, "no message": empty,
	} {
		if m, ok := toMessage(ctx, evt, nil); ok {
			t.Errorf("%s reached the core: %+v", name, m)
		}
	}
}

// seededLIDs is a real whatsmeow SQL store on a temp file that knows one
// person's LID and phone number.
func seededLIDs(t *testing.T) lidMapper {
	t.Helper()
	ctx := context.Background()
	dsn := "file:" + filepath.Join(t.TempDir(), "whatsapp.db") + "?_foreign_keys=on&_journal_mode=WAL&_busy_timeout=10000"
	container, err := sqlstore.New(ctx, "sqlite3", dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { container.Close() })
	// The LID map is the container's, shared by its devices, as in labbot run.
	if err := container.LIDMap.PutLIDMapping(ctx, lid, phone); err != nil {
		t.Fatal(err)
	}
	return container.LIDMap
}

// labbot run will hand toMessage whatsmeow's own LID map.
var _ lidMapper = (*sqlstore.CachedLIDMap)(nil)

// Staff are recognised whether WhatsApp names them by number or by LID; a
// stranger known only by LID is nobody labbot knows.
func TestStaffByNumberOrLID(t *testing.T) {
	ctx := context.Background()
	cfg := config.Demo() // staff: +15550000001
	staffPhone := types.NewJID("15550000001", types.DefaultUserServer)
	staffLID := types.NewJID("22222222222222", types.HiddenUserServer)
	lids := seededLIDs(t)
	if err := lids.(*sqlstore.CachedLIDMap).PutLIDMapping(ctx, staffLID, staffPhone); err != nil {
		t.Fatal(err)
	}
	text := &waE2E.Message{Conversation: proto.String("!stats")}
	for name, evt := range map[string]*events.Message{
		"by number":          event(group, staffPhone, types.EmptyJID, text),
		"by LID, alt number": event(group, staffLID, staffPhone, text),
		"by LID alone":       event(group, staffLID, types.EmptyJID, text),
	} {
		m, ok := toMessage(ctx, evt, lids)
		if _, staff := cfg.StaffByPhone(m.Sender); !ok || !staff {
			t.Errorf("%s: sender %q is not recognised as staff", name, m.Sender)
		}
	}
	m, _ := toMessage(ctx, event(group, unknownL, types.EmptyJID, text), lids)
	if _, staff := cfg.StaffByPhone(m.Sender); staff {
		t.Errorf("a stranger's LID (%q) passed for staff", m.Sender)
	}
}
