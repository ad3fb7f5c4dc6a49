package people

// The events the store records in the transaction of a change (db.Tx.Record); the application
// turns them into mails. Events live only in memory, so a one-time token may ride on one: it
// is never stored in clear.

// Registered is recorded when a reporter registers, and again when they ask for a fresh
// verification mail (Resent); Token verifies the address.
type Registered struct {
	User   User
	Token  string
	Resent bool
}

// EmailVerified is recorded when a registration's address is verified: it now waits for an
// editor.
type EmailVerified struct{ User User }

// PasswordResetRequested is recorded when an active account asks to reset its password.
type PasswordResetRequested struct {
	User  User
	Token string
}

// Approved is recorded when an editor approves a registration.
type Approved struct{ User User }

// Rejected is recorded when an editor turns a registration down, with the reason they gave.
type Rejected struct {
	User   User
	Reason string
}

// EmailChanged is recorded when an account moves to another e-mail address; User holds the
// old one, which is told (someone who took over the account would otherwise go unnoticed).
type EmailChanged struct {
	User     User
	NewEmail string
}
