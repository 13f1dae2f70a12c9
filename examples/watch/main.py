# A tiny game loop for `hotpy --watch`: it prints the world twice a second. Edit rules.py
# while it runs; each save reloads the module in place (the upgrade policy), so the creatures
# made before the edit run the new methods. This file itself is not reloaded.
import sys
import time

import rules

ticks = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000

creatures = [rules.Creature("fox"), rules.Creature("owl")]
total = 0
for tick in range(1, ticks + 1):
    for c in creatures:
        c.step()
    total += rules.score(tick, creatures)
    print(f"tick {tick}: " + ", ".join(c.describe() for c in creatures) + f"; score {total}")
    time.sleep(0.5)
