package translation

// ConfigChanged is recorded (db.Tx.Record) when the machine-translation set-up is saved:
// readers' "Translate" switch comes and goes with the provider.
type ConfigChanged struct{}
