def test_voices_says_transcripts_only_when_they_differ() -> None:
    from themes.core.types import voices

    assert voices(13, 13) == "13 participants"
    assert voices(1, 1) == "1 participant"
    assert voices(12, 9) == "12 participants in 9 transcripts"
    assert voices(2, 1) == "2 participants in 1 transcript"
