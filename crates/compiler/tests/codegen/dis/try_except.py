try:
    f()
except ValueError as e:
    g(e)
except (TypeError, KeyError):
    h()
except:
    raise
else:
    k()
