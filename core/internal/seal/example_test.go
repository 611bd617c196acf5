package seal_test

import (
	"fmt"
	"log"

	"github.com/ssokit/workosauth/core/internal/seal"
)

func ExampleSealer() {
	// The first password is current; the second is being retired.
	s, err := seal.New("workosauth session v1",
		"new-password-0123456789abcdefghijklmnop",
		"old-password-0123456789abcdefghijklmnop")
	if err != nil {
		log.Fatal(err)
	}
	cookie := []byte("__session")
	token, err := s.Seal([]byte(`{"sid":"session_01"}`), cookie)
	if err != nil {
		log.Fatal(err)
	}
	payload, keyIndex, err := s.Open(token, cookie)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(payload), keyIndex, len(token) == seal.SealedLen(len(payload)))
	// Output: {"sid":"session_01"} 0 true
}
