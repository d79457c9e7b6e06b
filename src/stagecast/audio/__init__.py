"""Text-to-speech tracks: plan → voices → clips (cached, made in worker processes) → layout →
the track group (audio, WebVTT, SRT, timeline JSON). See docs/audio.md.

Nothing heavy is imported here: engines load their libraries only when they speak.
"""
