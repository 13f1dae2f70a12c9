x = a + b * c - d / e // f % g ** h
y = -a + +b + ~c
z = a << 1 | b >> 2 & c ^ d @ e
