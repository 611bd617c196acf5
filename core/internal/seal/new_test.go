package seal_test

import (
	"strings"
	"testing"

	"github.com/ssokit/workosauth/core/internal/seal"
)

func TestNewValidation(t *testing.T) {
	short := strings.Repeat("s", seal.MinPasswordLen-1)
	exact := strings.Repeat("e", seal.MinPasswordLen)
	tests := []struct {
		name      string
		purpose   string
		passwords []string
		wantErr   string // substring; empty means success
	}{
		{"one password", purpose, []string{pwA}, ""},
		{"minimum length", purpose, []string{exact}, ""},
		{"rotation set", purpose, []string{pwA, pwB, pwC}, ""},
		{"no passwords", purpose, nil, "at least one password"},
		{"empty purpose", "", []string{pwA}, "purpose"},
		{"short current", purpose, []string{short}, "passwords[0]"},
		{"empty current", purpose, []string{""}, "passwords[0]"},
		{"short previous", purpose, []string{pwA, pwB, short}, "passwords[2]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := seal.New(tt.purpose, tt.passwords...)
			if tt.wantErr == "" {
				if err != nil || s == nil {
					t.Fatalf("New: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("New: want error containing %q, got nil", tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("New error = %q, want it to contain %q", err, tt.wantErr)
			}
			if s != nil {
				t.Error("New returned a Sealer along with an error")
			}
		})
	}
}
