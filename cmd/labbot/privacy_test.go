package main

import (
	"os"
	"strings"
	"testing"
)

// The anonymous flow's transcript must never show who asked: not her name,
// and her number only as the console's address of her direct messages.
func TestAnonymousTranscriptNamesNobody(t *testing.T) {
	const name, phone = "Zainab", "+15550000400"
	data, err := os.ReadFile("testdata/console/knowledge_anonymous_question.golden")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "anonym") {
		t.Fatal("the golden does not hold the anonymous flow")
	}
	for i, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, name) {
			t.Errorf("line %d names the asker: %q", i+1, line)
		}
		if strings.Contains(line, phone) && !strings.HasPrefix(line, "[dm:"+phone+"] ") {
			t.Errorf("line %d shows her number: %q", i+1, line)
		}
	}
}
