"""The Amazon States Language: validation, paths and payload templates, intrinsic
functions, Choice rules. Pure functions over JSON values, no I/O: the interpreter
(`cumulo.services.stepfunctions.interpreter`) drives them."""
