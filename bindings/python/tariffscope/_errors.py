"""The exceptions tariffscope raises: one class per kind of library status, each an Error."""


class Error(Exception):
    """A failed tariffscope call: the library's message, where the input was bad (file, 1-based line and column,
    None and 0 when unknown) and its status code (tsc_status, include/tariffscope/error.h)."""

    def __init__(self, message, file=None, line=0, column=0, code=0):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.code = code

    def __str__(self):
        where = ""
        if self.file:
            where = self.file
            if self.line:
                where += ":%d" % self.line
                if self.column:
                    where += ":%d" % self.column
            where += ": "
        return where + self.message


class FileError(Error, OSError):
    """TSC_EIO: a file could not be opened, read or written."""

    def __init__(self, message, file=None, line=0, column=0, code=0):
        OSError.__init__(self, message)
        Error.__init__(self, message, file, line, column, code)

    __str__ = Error.__str__


class FormatError(Error, ValueError):
    """TSC_EPARSE, TSC_EFORMAT: malformed text or a layout that was not recognised."""


class LabelError(Error, KeyError):
    """TSC_ELABEL: duplicate, unknown or misordered labels (a region code the table lacks)."""

    __str__ = Error.__str__


class DimensionError(Error, ValueError):
    """TSC_EDIM: inconsistent dimensions."""


class InvalidError(Error, ValueError):
    """TSC_EINVAL, TSC_ETOOBIG: an invalid argument or option, or input beyond a documented ceiling."""


class BalanceError(Error, ValueError):
    """TSC_EBALANCE, TSC_EDEGENERATE: the table's accounting identities fail, or degenerate sectors in strict
    mode."""


class NumericError(Error, ArithmeticError):
    """TSC_ESINGULAR, TSC_EUNPRODUCTIVE, TSC_ENUMERIC: I - A singular or not productive, NaN, Inf or a residual
    beyond its tolerance."""


class ConvergenceError(NumericError):
    """TSC_WNOCONV: an iterative solver stopped at its iteration limit (no result is returned)."""


class OutOfMemoryError(Error, MemoryError):
    """TSC_ENOMEM: an allocation failed."""


# status code -> class (the codes of include/tariffscope/error.h); 0: any other
CLASSES = {
    -1: OutOfMemoryError,
    -2: FileError,
    -3: FormatError,
    -4: DimensionError,
    -5: LabelError,
    -6: BalanceError,
    -7: NumericError,
    -8: NumericError,
    -9: NumericError,
    -10: InvalidError,
    -11: InvalidError,
    -12: FormatError,
    -13: BalanceError,
    2: ConvergenceError,
    0: Error,
}
