// Command ics23verify checks leasechain's ICS-23 proofs with the official Go verifier.
//
// It reads a vectors file (written by Ics23GoInteropTest): a first line "spec <hex ProofSpec>",
// then one line per vector: "<id> <member|nonmember> <true|false> <hex root> <hex proof> <hex key>
// <hex value, - when empty or absent>". It prints one summary line and exits non-zero if the
// verifier's verdict differs from the expected one on any vector.
package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"os"
	"strings"

	ics23 "github.com/cosmos/ics23/go"
)

func main() {
	if len(os.Args) != 2 {
		fail("usage: ics23verify VECTORS_FILE")
	}
	file, err := os.Open(os.Args[1])
	if err != nil {
		fail(err.Error())
	}
	defer file.Close()

	lines := bufio.NewScanner(file)
	lines.Buffer(make([]byte, 1<<20), 1<<24)
	if !lines.Scan() {
		fail("empty vectors file")
	}
	header := strings.Fields(lines.Text())
	if len(header) != 2 || header[0] != "spec" {
		fail("first line must be: spec <hex>")
	}
	spec := &ics23.ProofSpec{}
	if err := spec.Unmarshal(decode(header[1])); err != nil {
		fail("spec: " + err.Error())
	}

	total, accepted, disagreements := 0, 0, 0
	for lines.Scan() {
		f := strings.Fields(lines.Text())
		if len(f) != 7 {
			fail("malformed vector line: " + lines.Text())
		}
		got := verify(spec, f[1], decode(f[3]), decode(f[4]), decode(f[5]), f[6])
		total++
		if got {
			accepted++
		}
		if fmt.Sprint(got) != f[2] {
			disagreements++
			fmt.Printf("DISAGREE %s: %s expected %s, ics23 says %v\n", f[0], f[1], f[2], got)
		}
	}
	if err := lines.Err(); err != nil {
		fail(err.Error())
	}
	fmt.Printf("vectors=%d accepted=%d rejected=%d disagreements=%d\n",
		total, accepted, total-accepted, disagreements)
	if disagreements > 0 {
		os.Exit(1)
	}
}

// verify runs the library; a panic inside it (it panics on some malformed neighbour paths) counts
// as a rejection.
func verify(spec *ics23.ProofSpec, kind string, root, proofBytes, key []byte, value string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	proof := &ics23.CommitmentProof{}
	if err := proof.Unmarshal(proofBytes); err != nil {
		return false
	}
	switch kind {
	case "member":
		return ics23.VerifyMembership(spec, root, proof, key, decode(value))
	case "nonmember":
		return ics23.VerifyNonMembership(spec, root, proof, key)
	}
	fail("unknown kind " + kind)
	return false
}

func decode(s string) []byte {
	if s == "-" {
		return nil
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		fail("bad hex: " + s)
	}
	return b
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "ics23verify: "+msg)
	os.Exit(2)
}
