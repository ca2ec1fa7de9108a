"""Benchmarks of `themes`: quality, speed and memory side by side with BERTopic."""
