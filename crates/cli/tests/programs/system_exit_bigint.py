# SystemExit with an int beyond a C long: status 255, nothing printed.
print("before")
raise SystemExit(2**70)
