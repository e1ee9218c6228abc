package privacy

import (
	"fmt"
	"testing"
)

// BenchmarkNumbersOutgoing is the filter every text labbot sends goes
// through, with a Lab of 2,000 members (1,500 phones in five countries,
// 500 LIDs), 20 of them forgotten: a reply with no digit, one with an ID (digits, no number), a tip with one
// member's number, and a reminder whose date and time make a run of ten
// digits that is no one's number.
func BenchmarkNumbersOutgoing(b *testing.B) {
	n := benchNumbers()
	member := "+254 700 001 235" // the 1,236th member, spaced
	texts := []struct{ name, text string }{
		{"reply no numbers", "Thank you, Amina! Your tip is saved, and anyone in the Lab can find it with !find legal aid. 🌱"},
		{"reply with an ID", "¡Gracias, Amina! Tu consejo T1234 está guardado: cualquiera del Lab lo encuentra con !buscar asesoría. 🌱"},
		{"tip one member number", "Legal aid clinic for survivors, open on Saturdays: call Beth on " + member + " and say you come from the Lab."},
		{"reminder date time", "Reminder: Safe spaces training, 2026-12-07 18:00 (Nairobi), online. Reply !rsvp 12 yes or no."},
	}
	for _, tt := range texts {
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				n.Outgoing(tt.text)
			}
		})
	}
}

func benchNumbers() *Numbers {
	codes := []string{"+254", "+1555", "+33", "+52", "+91"}
	var ids []string
	for i := range 1500 {
		ids = append(ids, fmt.Sprintf("%s7%08d", codes[i%len(codes)], i))
	}
	for i := range 500 {
		ids = append(ids, fmt.Sprintf("lid:%015d", 100000000000000+i*7919))
	}
	key := []byte("bench key")
	var forgotten []string
	for i := range 20 {
		for _, d := range PhoneForms(fmt.Sprintf("+2547%08d", 900000+i)) {
			forgotten = append(forgotten, NumberHash(key, d))
		}
	}
	n := NewNumbers(ids, key, forgotten)
	if out := n.Outgoing("+254 700 001 235"); out != "[removed]" {
		panic("bench Lab does not know its member: " + out)
	}
	return n
}
