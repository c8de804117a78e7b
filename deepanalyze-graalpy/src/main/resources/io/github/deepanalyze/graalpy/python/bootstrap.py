# Runs once in every sandboxed context, before any model code. Installs the Java-backed sqlite3
# and openpyxl modules, pre-imports common standard modules and defines the block runner.
import sys, os, types, builtins, traceback, io, linecache


def _da_install(name, source, host):
    module = types.ModuleType(name)
    module.__file__ = '<deepanalyze-' + name + '>'
    module._host = host
    exec(compile(source, module.__file__, 'exec'), module.__dict__)
    sys.modules[name] = module
    return module


_da_install('sqlite3', _da_sqlite_src, _da_sqlite_host)
_da_install('openpyxl', _da_openpyxl_src, _da_xlsx_host)
sys.modules['sqlite3.dbapi2'] = sys.modules['sqlite3']
del _da_sqlite_src, _da_sqlite_host, _da_openpyxl_src, _da_xlsx_host

# MPLBACKEND=Agg semantics: headless matplotlib where it is installed
try:
    os.environ['MPLBACKEND'] = 'Agg'
except Exception:
    pass

for _m in _da_warm_modules.split(','):
    try:
        __import__(_m)
    except Exception:
        pass
del _m



# The context denies processes, threads and sockets at the Truffle level; GraalPy reports those
# denials as internal errors. These stand-ins turn them into ordinary Python exceptions first.
def _da_sandbox():
    def denied(what, exc=PermissionError):
        def stub(*args, **kwargs):
            raise exc(1, 'Operation not permitted: ' + what + ' is disabled in the DeepAnalyze GraalPy sandbox') \
                if exc is PermissionError else exc(what + ' is disabled in the DeepAnalyze GraalPy sandbox')
        return stub
    for name in ('system', 'popen', 'fork', 'forkpty', 'execv', 'execve', 'execl', 'execle', 'execlp', 'execlpe',
                 'execvp', 'execvpe', 'spawnv', 'spawnve', 'spawnl', 'spawnle', 'spawnlp', 'spawnlpe', 'spawnvp',
                 'spawnvpe', 'posix_spawn', 'posix_spawnp', 'kill', 'killpg'):
        if hasattr(os, name):
            setattr(os, name, denied('os.' + name))
    try:
        import subprocess
        subprocess.Popen._execute_child = denied('starting a process')
    except Exception:
        pass
    try:
        import _thread
        _thread.start_new_thread = denied('starting a thread', RuntimeError)
        _thread.start_new = _thread.start_new_thread
        import threading
        threading._start_new_thread = _thread.start_new_thread
        threading._start_joinable_thread = _thread.start_new_thread
    except Exception:
        pass
    try:
        import socket
        def no_socket(self, *args, **kwargs):
            raise PermissionError(1, 'Operation not permitted: network access is disabled in the DeepAnalyze GraalPy sandbox')
        socket.socket.__init__ = no_socket
        for name in ('create_connection', 'socketpair', 'fromfd', 'getaddrinfo', 'gethostbyname'):
            if hasattr(socket, name):
                setattr(socket, name, denied('socket.' + name))
    except Exception:
        pass


_da_sandbox()
del _da_sandbox


# _bz2 is a C extension GraalPy cannot load without native access; pure-Python packages such as
# networkx import bz2 at start-up only to support .bz2 files. A stub lets them import and fails
# clearly when bz2 compression is actually used.
try:
    import _bz2
except ImportError:
    def _da_bz2_stub():
        module = types.ModuleType('_bz2')

        class _Unavailable:
            def __init__(self, *args, **kwargs):
                raise NotImplementedError('bz2 compression needs the native _bz2 module, which the DeepAnalyze '
                                          'GraalPy sandbox cannot load; use gzip/lzma or the CPython worker executor')
        module.BZ2Compressor = type('BZ2Compressor', (_Unavailable,), {})
        module.BZ2Decompressor = type('BZ2Decompressor', (_Unavailable,), {})
        sys.modules['_bz2'] = module
    _da_bz2_stub()
    del _da_bz2_stub

# CPython closes (and so flushes) a file as soon as its last reference goes away, and model code
# relies on it: open('out.csv', 'w').write(...). GraalPy has no reference counting, so the data
# would sit in a buffer until some garbage collection. Track files opened by blocks and, after
# each block, close them (script mode: the namespace is gone, as CPython would) or flush them
# (notebook mode: variables may still hold them). The references are strong on purpose: with weak
# ones a collection during the block drops the file object before its buffer reaches the disk
# (seen under load), which is exactly the data loss this is here to prevent.
_da_files = []
_da_io_open = io.open


def _da_open(*args, **kwargs):
    f = _da_io_open(*args, **kwargs)
    _da_files.append(f)
    return f


_da_open.__doc__ = _da_io_open.__doc__
builtins.open = _da_open
io.open = _da_open


def _da_settle_files(close):
    for f in list(_da_files):
        try:
            if close:
                f.close()
            elif not f.closed:
                f.flush()
        except BaseException:
            pass
    # keep only what a notebook variable may still write to; closed files are released
    _da_files[:] = [] if close else [f for f in _da_files if not f.closed]


_da_notebook_ns = None

# Blocks are compiled under these names with their source in linecache, so tracebacks show the
# offending line and warnings their echo line, as `python script.py` would (the reference API runs
# each block as a temporary .py file). One name per block, so a notebook function defined in an
# earlier block still shows its own source; a context serves one session, so numbering starts at 1.
_da_blocks = [0]
_da_sources = []


def _da_register_source(code, notebook):
    if not notebook:
        for name in _da_sources:
            linecache.cache.pop(name, None)
        del _da_sources[:]
    _da_blocks[0] += 1
    name = 'block_%d.py' % _da_blocks[0]
    lines = code.splitlines(True)
    if lines and not lines[-1].endswith('\n'):
        lines[-1] += '\n'
    # mtime None: linecache.checkcache keeps the entry (there is no file to compare with)
    linecache.cache[name] = (len(code), None, lines, name)
    _da_sources.append(name)
    return name


def _da_format(e, skip_runner_frame):
    try:
        tb = e.__traceback__
        if skip_runner_frame and tb is not None:
            tb = tb.tb_next
        return ''.join(traceback.format_exception(type(e), e, tb))
    except BaseException:
        try:
            return type(e).__name__ + ': ' + str(e)
        except BaseException:
            return 'Exception (unprintable)'


def _da_run(code, notebook, cwd, hint):
    global _da_notebook_ns
    sys.stdout = sys.__stdout__
    sys.stderr = sys.__stderr__
    try:
        os.chdir(cwd)
    except BaseException:
        pass
    if notebook:
        if _da_notebook_ns is None:
            _da_notebook_ns = {'__name__': '__main__', '__builtins__': builtins}
        ns = _da_notebook_ns
    else:
        ns = {'__name__': '__main__', '__builtins__': builtins}
    try:
        filename = _da_register_source(code, notebook)
        try:
            compiled = compile(code, filename, 'exec')
        except BaseException as e:
            return ''.join(traceback.format_exception_only(type(e), e)).rstrip('\n')
        try:
            exec(compiled, ns)
        except SystemExit as e:
            if e.code is None or e.code == 0:
                return None
            return _da_format(e, True).rstrip('\n')
        except BaseException as e:
            text = _da_format(e, True).rstrip('\n')
            if type(e) is ModuleNotFoundError and getattr(e, 'name', None):
                top = e.name.split('.')[0]
                # (traceback, remedy): the engine, not the executor, words the remedy for the model
                if top in getattr(sys, 'stdlib_module_names', ()) or top.startswith('_'):
                    return (text, 'the standard module ' + repr(top) + ' is a native extension that the GraalPy '
                            'sandbox cannot load; run the analysis on the CPython worker executor (deepanalyze-worker).')
                return (text, hint.replace('{name}', top))
            return text
        return None
    finally:
        _da_settle_files(not notebook)
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            try:
                stream.flush()
            except BaseException:
                pass
