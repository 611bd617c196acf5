package main

import (
	"bufio"
	"encoding/json"
	"os"

	"github.com/ssokit/workosauth/workostest"
)

func main() {
	s, err := workostest.Start("127.0.0.1:0", workostest.Options{AutoSelect: true, RedirectURIs: []string{"http://app.test/auth/callback"}})
	if err != nil {
		panic(err)
	}
	json.NewEncoder(os.Stdout).Encode(map[string]string{"url": s.URL, "clientId": s.ClientID, "apiKey": s.APIKey})
	bufio.NewReader(os.Stdin).ReadString('\n')
	s.Close()
}
