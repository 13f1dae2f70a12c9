# The rules of the game. Edit this file while `hotpy --watch examples/watch/main.py` runs:
# change SPEED, the scoring, or the creature's greeting, save, and the running game picks
# it up on its next tick — same creatures, same score, new rules.

SPEED = 1
BONUS_EVERY = 5


class Creature:
    def __init__(self, name):
        self.name = name
        self.x = 0

    def step(self):
        self.x += SPEED

    def describe(self):
        return f"{self.name} at {self.x}"


def score(tick, creatures):
    points = sum(c.x for c in creatures)
    if tick % BONUS_EVERY == 0:
        points += 10
    return points
