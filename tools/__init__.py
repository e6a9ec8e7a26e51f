"""Developer tools run by dev.sh (screenshots)."""
