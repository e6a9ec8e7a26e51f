"""One panel per pillar. Panels read models and start jobs through the runner; they do no work."""
