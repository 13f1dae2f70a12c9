for x in xs:
    try:
        break
    finally:
        cleanup()
