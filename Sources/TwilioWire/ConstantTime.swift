/// Compares two byte strings in time that depends only on their lengths, not on where they differ.
///
/// Signature lengths are public (28 or 44 base64 characters), so returning early on a length
/// mismatch leaks nothing.
func constantTimeEqual(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
    guard lhs.count == rhs.count else { return false }
    var difference: UInt8 = 0
    for (left, right) in zip(lhs, rhs) {
        difference |= left ^ right
    }
    return difference == 0
}
