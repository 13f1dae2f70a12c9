"just a string"
42
f
