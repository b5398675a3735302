"""Sign-in behaviour around allauth: which failures count against an account, remembered devices."""
