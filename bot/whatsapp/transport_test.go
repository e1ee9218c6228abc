package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"

	"labbot/bot"
	"labbot/bot/outbox"
)

// labbot is the account labbot is logged in as, in these tests.
var labbot = types.NewJID("15550009999", types.DefaultUserServer)

// fakeClient records what labbot asks WhatsApp for.
type fakeClient struct {
	ids      int
	sendErr  error
	refuse   map[types.JID]error // a send to this chat fails so, as WhatsApp's answer would
	tries    map[types.JID]int   // sends asked for, failed ones included
	joinErr  error
	approval bool
	sent     []sent
	uploads  [][]byte
	media    map[string][]byte // what was uploaded, by direct path: DownloadToFile reads it
	// downloadErr is what DownloadToFile answers (an expired link).
	downloadErr error
	groups      []*types.GroupInfo
	lids        map[types.JID]types.JID // what GetUserInfo answers: a number's LID
	asked       []types.JID             // the numbers GetUserInfo was asked about
	presence    []types.Presence
	// presenceErr is what SendPresence answers: whatsmeow refuses without
	// the account's name (ErrNoPushName).
	presenceErr error
}

type sent struct {
	to  types.JID
	msg *waE2E.Message
	id  types.MessageID
}

var _ waClient = (*fakeClient)(nil)

func (f *fakeClient) GenerateMessageID() types.MessageID {
	f.ids++
	return types.MessageID(fmt.Sprintf("3EB0%06d", f.ids))
}

func (f *fakeClient) SendMessage(_ context.Context, to types.JID, msg *waE2E.Message, extra ...whatsmeow.SendRequestExtra) (whatsmeow.SendResponse, error) {
	s := sent{to: to, msg: msg}
	if len(extra) > 0 {
		s.id = extra[0].ID
	}
	if f.tries == nil {
		f.tries = map[types.JID]int{}
	}
	f.tries[to]++
	if err := f.refuse[to]; err != nil {
		return whatsmeow.SendResponse{}, err
	}
	if f.sendErr != nil {
		return whatsmeow.SendResponse{}, f.sendErr
	}
	f.sent = append(f.sent, s)
	return whatsmeow.SendResponse{ID: s.id}, nil
}

func (f *fakeClient) Upload(_ context.Context, data []byte, _ whatsmeow.MediaType) (whatsmeow.UploadResponse, error) {
	f.uploads = append(f.uploads, data)
	path := fmt.Sprintf("/x%d", len(f.uploads))
	if f.media == nil {
		f.media = map[string][]byte{}
	}
	f.media[path] = data
	return whatsmeow.UploadResponse{URL: "https://mmg.example" + path, DirectPath: path, MediaKey: []byte{1}, FileLength: uint64(len(data))}, nil
}

// UploadReader reads the whole file, as whatsmeow's does.
func (f *fakeClient) UploadReader(ctx context.Context, r io.Reader, _ io.ReadWriteSeeker, t whatsmeow.MediaType) (whatsmeow.UploadResponse, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return whatsmeow.UploadResponse{}, err
	}
	return f.Upload(ctx, data, t)
}

// BuildReaction is whatsmeow's own, on a client logged in as labbot: it
// makes no call to WhatsApp.
func (f *fakeClient) BuildReaction(chat, sender types.JID, id types.MessageID, reaction string) *waE2E.Message {
	me := labbot
	return whatsmeow.NewClient(&store.Device{ID: &me}, nil).BuildReaction(chat, sender, id, reaction)
}

func (f *fakeClient) JoinGroupWithLink(context.Context, string) (types.JID, error) {
	return group, f.joinErr
}

func (f *fakeClient) GetGroupInfoFromLink(context.Context, string) (*types.GroupInfo, error) {
	return &types.GroupInfo{JID: group, GroupName: types.GroupName{Name: "Kigali"},
		GroupMembershipApprovalMode: types.GroupMembershipApprovalMode{IsJoinApprovalRequired: f.approval}}, f.joinErr
}

func (f *fakeClient) GetJoinedGroups(context.Context) ([]*types.GroupInfo, error) {
	return f.groups, nil
}

func (f *fakeClient) GetUserInfo(_ context.Context, jids []types.JID) (map[types.JID]types.UserInfo, error) {
	f.asked = append(f.asked, jids...)
	out := map[types.JID]types.UserInfo{}
	for _, j := range jids {
		if l, ok := f.lids[j]; ok {
			out[j] = types.UserInfo{LID: l}
		}
	}
	return out, nil
}

func (f *fakeClient) SendPresence(_ context.Context, state types.Presence) error {
	if f.presenceErr != nil {
		return f.presenceErr
	}
	f.presence = append(f.presence, state)
	return nil
}

func TestSendTextKeepsTheQueuedID(t *testing.T) {
	f := &fakeClient{}
	tr := NewTransport(f)
	ctx := context.Background()
	id, _ := tr.NewMessageID(ctx)
	for _, tc := range []struct{ chat, want string }{
		{group.String(), group.String()},
		{"+15550000100", "15550000100@s.whatsapp.net"},
		{"lid:98765432101234", "98765432101234@lid"},
	} {
		if err := tr.SendText(ctx, outbox.Envelope{Chat: tc.chat, ID: id}, "Hi!"); err != nil {
			t.Fatal(err)
		}
		last := f.sent[len(f.sent)-1]
		if last.to.String() != tc.want || last.id != types.MessageID(id) || last.msg.GetConversation() != "Hi!" {
			t.Errorf("to %s: sent %+v, want to %s with the queued ID", tc.chat, last, tc.want)
		}
	}
}

func TestSendToANonChatIsPermanent(t *testing.T) {
	tr := NewTransport(&fakeClient{})
	for _, chat := range []string{"", "+", "nairobi", "15550000100@s.whatsapp.net"} {
		err := tr.SendText(context.Background(), outbox.Envelope{Chat: chat, ID: "x"}, "hi")
		if !outbox.IsPermanent(err) {
			t.Errorf("send to %q: %v, want a permanent error", chat, err)
		}
	}
}

func TestSendDocumentUploadsFirst(t *testing.T) {
	f := &fakeClient{}
	tr := NewTransport(f)
	doc := outbox.Document{Name: "event.ics", MIME: "text/calendar", Caption: "See you there", Data: []byte("BEGIN:VCALENDAR")}
	if err := tr.SendDocument(context.Background(), outbox.Envelope{Chat: "+15550000100", ID: "id1"}, doc); err != nil {
		t.Fatal(err)
	}
	if len(f.uploads) != 1 || string(f.uploads[0]) != "BEGIN:VCALENDAR" {
		t.Fatalf("uploads = %q", f.uploads)
	}
	d := f.sent[0].msg.GetDocumentWithCaptionMessage().GetMessage().GetDocumentMessage()
	if d.GetFileName() != "event.ics" || d.GetMimetype() != "text/calendar" || d.GetURL() == "" || d.GetFileLength() != 15 || d.GetCaption() != "See you there" {
		t.Errorf("document message = %v", d)
	}
}

func TestGroupsKnowPeopleByNumber(t *testing.T) {
	f := &fakeClient{groups: []*types.GroupInfo{{
		JID:       group,
		GroupName: types.GroupName{Name: "Nairobi partners"},
		Participants: []types.GroupParticipant{
			{JID: lid, PhoneNumber: phone, LID: lid},
			{JID: types.NewJID("15550000001", types.DefaultUserServer)},
		},
	}}}
	got, err := NewTransport(f).Groups(context.Background())
	if err != nil || len(got) != 1 {
		t.Fatalf("Groups = %v, %v", got, err)
	}
	if got[0].Name != "Nairobi partners" || len(got[0].Participants) != 2 ||
		got[0].Participants[0] != "+15550000100" || got[0].Participants[1] != "+15550000001" {
		t.Errorf("group = %+v", got[0])
	}
}

func TestJoinGroupReportsWhatWhatsAppSaid(t *testing.T) {
	ctx := context.Background()
	const link = "https://chat.whatsapp.com/AbCdEf"
	for _, tc := range []struct {
		name    string
		f       *fakeClient
		link    string
		want    error
		pending bool
	}{
		{"joined", &fakeClient{}, link, nil, false},
		{"needs approval", &fakeClient{approval: true}, link, nil, true},
		{"revoked", &fakeClient{joinErr: whatsmeow.ErrInviteLinkRevoked}, link, bot.ErrInviteRevoked, false},
		{"invalid", &fakeClient{joinErr: whatsmeow.ErrInviteLinkInvalid}, link, bot.ErrInviteInvalid, false},
		{"not a link", &fakeClient{}, "hello", bot.ErrInviteInvalid, false},
	} {
		info, err := NewTransport(tc.f).JoinGroup(ctx, tc.link)
		if !errors.Is(err, tc.want) || (err == nil && (info.ID != group.String() || info.Pending != tc.pending)) {
			t.Errorf("%s: %+v, %v; want error %v, pending %v", tc.name, info, err, tc.want, tc.pending)
		}
	}
}

func TestGroupRepliesQuoteTheCommand(t *testing.T) {
	f := &fakeClient{}
	to := outbox.Envelope{Chat: group.String(), ID: "id1", QuoteID: "3EB0CMD", QuoteSender: "+15550000100",
		QuoteAddr: "15550000100@s.whatsapp.net", QuoteText: "!help"}
	if err := NewTransport(f).SendText(context.Background(), to, "Hi! I'm labbot"); err != nil {
		t.Fatal(err)
	}
	x := f.sent[0].msg.GetExtendedTextMessage()
	ci := x.GetContextInfo()
	if x.GetText() != "Hi! I'm labbot" || ci.GetStanzaID() != "3EB0CMD" || ci.GetParticipant() != "15550000100@s.whatsapp.net" ||
		ci.GetQuotedMessage().GetConversation() != "!help" {
		t.Errorf("reply = %v", x)
	}
}

func TestRateLimitPausesSending(t *testing.T) {
	f := &fakeClient{sendErr: whatsmeow.ErrIQRateOverLimit}
	err := NewTransport(f).SendText(context.Background(), outbox.Envelope{Chat: group.String(), ID: "x"}, "hi")
	if !outbox.IsPause(err) {
		t.Errorf("rate-overlimit: %v, want a pause", err)
	}
	f.sendErr = errors.New("network down")
	if err := NewTransport(f).SendText(context.Background(), outbox.Envelope{Chat: group.String(), ID: "x"}, "hi"); outbox.IsPause(err) || outbox.IsPermanent(err) {
		t.Errorf("a network error: %v, want an ordinary retry", err)
	}
}

func TestSendErrorsThatPause(t *testing.T) {
	for name, err := range map[string]error{
		"429 on a message": fmt.Errorf("%w %d", whatsmeow.ErrServerReturnedError, 429),
		"not connected":    whatsmeow.ErrNotConnected,
	} {
		f := &fakeClient{sendErr: err}
		if got := NewTransport(f).SendText(context.Background(), outbox.Envelope{Chat: group.String(), ID: "x"}, "hi"); !outbox.IsPause(got) {
			t.Errorf("%s: %v, want a pause", name, got)
		}
	}
	f := &fakeClient{sendErr: fmt.Errorf("%w %d", whatsmeow.ErrServerReturnedError, 500)}
	if got := NewTransport(f).SendText(context.Background(), outbox.Envelope{Chat: group.String(), ID: "x"}, "hi"); outbox.IsPause(got) {
		t.Errorf("a 500: %v, want an ordinary retry", got)
	}
}

// A reply queued before labbot kept the address quotes a LID user ID as
// its LID, and a number as nobody: never a phone JID made from her ID.
func TestQuoteWithoutAddressNeverMakesANumber(t *testing.T) {
	for sender, want := range map[string]string{"lid:98765432101234": lid.String(), "+15550000100": ""} {
		f := &fakeClient{}
		to := outbox.Envelope{Chat: group.String(), ID: "id1", QuoteID: "3EB0CMD", QuoteSender: sender, QuoteText: "!help"}
		if err := NewTransport(f).SendText(context.Background(), to, "Hi"); err != nil {
			t.Fatal(err)
		}
		if got := f.sent[0].msg.GetExtendedTextMessage().GetContextInfo().GetParticipant(); got != want {
			t.Errorf("quoting %s: participant %q, want %q", sender, got, want)
		}
	}
}
