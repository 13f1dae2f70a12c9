raise
raise E
raise E from c
