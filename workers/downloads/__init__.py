"""The download engine: safe names, a crash-safe journal, resumable streamed transfers, batches."""
