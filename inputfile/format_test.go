package inputfile

import "testing"

func TestFormat(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"a.json", "answers: {}", "json"},
		{"a.YML", "{}", "yaml"},
		{"a.yaml", "{}", "yaml"},
		{"-", "  \n {\"answers\": {}}", "json"},
		{"-", "answers: {}", "yaml"},
	}
	for _, tt := range tests {
		if got := Format(tt.name, []byte(tt.data)); got != tt.want {
			t.Errorf("Format(%q, %q) = %s, want %s", tt.name, tt.data, got, tt.want)
		}
	}
}
