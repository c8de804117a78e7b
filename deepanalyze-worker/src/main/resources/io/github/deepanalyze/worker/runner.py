# DeepAnalyze worker runner: executes model code blocks for a Java host over a JSON-lines protocol.
#
# The same file runs unchanged on CPython (3.8+) and on GraalPy. It deliberately uses only
# json/sys/os/io/traceback/time/builtins; resource and signal are optional extras used when present.
#
# Protocol (version 1), one JSON object per line, ASCII-only (non-ASCII is \u-escaped):
#   host -> worker on stdin:
#     {"v":1,"id":N,"type":"exec","code":str,"cwd":str,"timeout_s":float,"max_output":int,"mode":"script"|"notebook"}
#     {"v":1,"id":N,"type":"reset"}      fresh state for the next analysis
#     {"v":1,"id":N,"type":"ping"}
#     {"v":1,"id":N,"type":"shutdown"}
#   worker -> host on the protocol channel (the original stdout, moved to a private fd):
#     first, unprompted: {"v":1,"type":"ready","implementation":..,"python":..,"preloaded":[..],
#                         "fd_capture":bool,"memory_limit":..|null,"soft_timeout":bool}
#     exec:  {"v":1,"id":N,"type":"result","outcome":"success"|"error"|"timeout","stdout":..,"stderr":..,
#             "error":str,"truncated":bool,"duration_ms":float,"rss_kb":int|null}
#     other: {"v":1,"id":N,"type":"ok"|"pong"|"bye",...}; a malformed request: {"type":"protocol_error"}
import builtins
import io
import json
import linecache
import os
import sys
import time
import traceback

PROTOCOL_VERSION = 1
RUNNER_FILE = os.path.abspath(__file__) if "__file__" in globals() else "<runner>"
# Blocks are compiled under these names and their source registered in linecache, so tracebacks
# show the offending line and warnings their echo line, as `python script.py` would (the reference
# API runs each block as a temporary .py file). One name per block of a session, so a notebook
# function defined in an earlier block still shows its own source.
BLOCK_FILENAME = "block_%d.py"


class BlockTimeout(BaseException):
    """Raised into user code at the soft deadline; a BaseException so `except Exception` does not swallow it."""


def _arg(name, default=None):
    flag = "--" + name
    for i, a in enumerate(sys.argv):
        if a == flag and i + 1 < len(sys.argv):
            return sys.argv[i + 1]
        if a.startswith(flag + "="):
            return a[len(flag) + 1:]
    return default


# ---------------------------------------------------------------------------------------------
# The protocol channel: keep it away from everything user code can write to.
# ---------------------------------------------------------------------------------------------
def _open_channels(scratch):
    """Returns (reader, writer, fd_capture). With fd capture, fds 0/1/2 no longer reach the host."""
    try:
        in_fd = os.dup(0)
        out_fd = os.dup(1)
        null_fd = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null_fd, 0)
        os.close(null_fd)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND
        out_cap = os.open(os.path.join(scratch, "block.out"), flags, 0o600)
        err_cap = os.open(os.path.join(scratch, "block.err"), flags, 0o600)
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(out_cap, 1)
        os.dup2(err_cap, 2)
        os.close(out_cap)
        os.close(err_cap)
        reader = io.open(in_fd, "r", encoding="utf-8", newline="\n")
        writer = io.open(out_fd, "w", encoding="ascii", newline="\n")
        return reader, writer, True
    except Exception:  # a runtime without dup/dup2 (e.g. GraalPy's Java POSIX backend)
        return sys.stdin, sys.__stdout__, False


class CappedWriter(io.TextIOBase):
    """A text stream that keeps at most `cap` characters and remembers whether it dropped any."""

    def __init__(self, sink, cap, encoding="utf-8"):
        self._sink = sink  # callable(str) or None (keep in memory)
        self._parts = []
        self.cap = cap
        self.count = 0
        self.truncated = False
        self._encoding = encoding

    @property
    def encoding(self):
        return self._encoding

    @property
    def errors(self):
        return "replace"

    def writable(self):
        return True

    def isatty(self):
        return False

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not " + type(s).__name__)
        room = self.cap - self.count
        if room <= 0:
            if s:
                self.truncated = True
            return len(s)
        piece = s if len(s) <= room else s[:room]
        if len(piece) < len(s):
            self.truncated = True
        self.count += len(piece)
        if self._sink is None:
            self._parts.append(piece)
        else:
            self._sink(piece)
        return len(s)

    def flush(self):
        pass

    def text(self):
        return "".join(self._parts)


def _fd_sink(fd):
    def sink(s):
        data = s.encode("utf-8", "replace")
        while data:
            n = os.write(fd, data)
            data = data[n:]
    return sink


def _read_capture(path, cap):
    """Reads back what a block wrote to a capture file: at most `cap` characters."""
    try:
        with io.open(path, "rb") as f:
            data = f.read(cap * 4 + 4)
            more = f.read(1) != b""
    except OSError:
        return "", False
    text = data.decode("utf-8", "replace")
    if len(text) > cap:
        return text[:cap], True
    return text, more


def _truncate_fd(fd):
    try:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, 0)
    except OSError:
        pass


# ---------------------------------------------------------------------------------------------
# Environment preparation
# ---------------------------------------------------------------------------------------------
def _apply_memory_limit():
    limit = _arg("memory-limit")
    if not limit:
        return None
    try:
        import resource
        n = int(limit)
        resource.setrlimit(resource.RLIMIT_AS, (n, n))
        return n
    except Exception:
        return None


def _apply_resource_caps():
    """RLIMIT_NOFILE, RLIMIT_FSIZE and RLIMIT_CPU from --open-files-limit, --file-size-limit and
    --cpu-seconds-limit (soft = hard, so code cannot raise them; inherited by every child). A write
    past the file size cap raises OSError(EFBIG) instead of killing the worker with SIGXFSZ."""
    caps = {}
    try:
        import resource
        import signal
    except ImportError:
        return caps
    for name, res in (("open-files-limit", resource.RLIMIT_NOFILE), ("file-size-limit", resource.RLIMIT_FSIZE),
                      ("cpu-seconds-limit", resource.RLIMIT_CPU)):
        value = _arg(name)
        if value:
            n = int(value)
            resource.setrlimit(res, (n, n))
            caps[name] = n
    _CAPS.update(caps)
    if "file-size-limit" in caps:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    return caps


_mpl_defaults = None


def _configure_matplotlib():
    """Agg backend plus CJK-capable fonts when one is installed (reference bug #41)."""
    global _mpl_defaults
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401  (warm start)
    from matplotlib import font_manager
    cjk = []
    for f in font_manager.fontManager.ttflist:
        name = f.name
        if ("CJK" in name or name in ("WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei",
                                      "PingFang SC", "Source Han Sans SC", "Droid Sans Fallback")) \
                and name not in cjk and "Serif" not in name:
            cjk.append(name)
    cjk.sort(key=lambda n: (0 if " SC" in n else 1 if " JP" in n else 2, n))
    if cjk:
        # CJK face first: matplotlib 3.6's Agg does not fall back per glyph through font.sans-serif
        # (measured), and the CJK faces carry Latin glyphs too.
        current = [n for n in matplotlib.rcParams["font.sans-serif"] if n not in cjk]
        matplotlib.rcParams["font.sans-serif"] = cjk + current
        matplotlib.rcParams["axes.unicode_minus"] = False
    _mpl_defaults = dict(matplotlib.rcParams)
    return cjk


def _preload():
    """Configures matplotlib (always: Agg and fonts must be set before user code) and warms numpy/pandas."""
    loaded = []
    cjk = []
    try:
        cjk = _configure_matplotlib()
        loaded.append("matplotlib")
    except Exception:
        pass
    if _arg("preload", "1") != "0":
        for name in ("numpy", "pandas"):
            try:
                __import__(name)
                loaded.append(name)
            except Exception:
                pass
    return loaded, cjk


# The block's workspace, for the SQLite guard below (set by _exec_block).
_SQLITE_ROOT = [None]


def _sqlite_target_allowed(name):
    """Whether ATTACH / VACUUM INTO may write `name`: in-memory databases and files inside the workspace."""
    if name is None or name in ("", ":memory:"):
        return True
    if name.startswith("file:"):
        path, _, query = name[5:].partition("?")
        if path in ("", ":memory:") or "mode=memory" in query:
            return True
        name = path.split("#")[0]
        if name.startswith("//"):  # file://host/path: only an empty host or localhost is legal
            name = name[2:]
            name = name[name.find("/"):] if "/" in name else ""
    root = _SQLITE_ROOT[0]
    if root is None:
        return False
    target = os.path.realpath(os.path.join(os.getcwd(), name))
    return target == root or target.startswith(root + os.sep)


def _guard_sqlite():
    """Every sqlite3 connection gets an authorizer refusing ATTACH (and with it VACUUM INTO, which
    attaches its target) of files outside the workspace. Code can remove it (set_authorizer(None)):
    it guards against accidents and prompt-injected SQL; the sandbox's file system is the wall."""
    try:
        import sqlite3
        original = sqlite3.connect
        attach = sqlite3.SQLITE_ATTACH
        ok, deny = sqlite3.SQLITE_OK, sqlite3.SQLITE_DENY
    except Exception:
        return

    def authorizer(action, arg1, arg2, dbname, source):
        if action == attach and not _sqlite_target_allowed(arg1):
            return deny
        return ok

    def connect(*args, **kwargs):
        conn = original(*args, **kwargs)
        try:
            conn.set_authorizer(authorizer)
        except Exception:  # a runtime whose sqlite3 has no authorizers (GraalPy): leave it as it is
            pass
        return conn

    connect.__doc__ = original.__doc__
    sqlite3.connect = connect
    try:
        sqlite3.dbapi2.connect = connect
    except Exception:
        pass


def _after_block():
    if "matplotlib.pyplot" in sys.modules:
        try:
            sys.modules["matplotlib.pyplot"].close("all")
        except Exception:
            pass


def _register_source(state, code):
    """Names the block's source and puts it in linecache, where traceback and warnings read lines."""
    state["blocks"] += 1
    name = BLOCK_FILENAME % state["blocks"]
    lines = code.splitlines(True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    # mtime None: linecache.checkcache keeps the entry (there is no file to compare with)
    linecache.cache[name] = (len(code), None, lines, name)
    state["sources"].append(name)
    return name


def _forget_sources(state):
    for name in state["sources"]:
        linecache.cache.pop(name, None)
    del state["sources"][:]


# CPython closes (and so flushes) a file when its last reference goes away, and model code relies
# on it: open('out.csv', 'w').write(...). GraalPy has no reference counting, so the data would sit
# in a buffer until some garbage collection. There, files opened by blocks are tracked and, after
# each block, closed (script mode: the namespace is gone, as CPython would) or flushed (notebook).
_open_files = None


def _track_open_files():
    global _open_files
    if sys.implementation.name == "cpython":
        return
    import weakref
    _open_files = weakref.WeakSet()
    real_open = io.open

    def tracked_open(*args, **kwargs):
        f = real_open(*args, **kwargs)
        try:
            _open_files.add(f)
        except TypeError:
            pass
        return f

    tracked_open.__doc__ = real_open.__doc__
    builtins.open = tracked_open
    io.open = tracked_open


def _settle_files(close):
    if _open_files is None:
        return
    for f in list(_open_files):
        try:
            if close:
                f.close()
            elif not f.closed:
                f.flush()
        except BaseException:
            pass
    if close:
        _open_files.clear()


def _reset_state(state):
    state["notebook_ns"] = None
    state["blocks"] = 0
    _forget_sources(state)
    _after_block()
    if _mpl_defaults is not None and "matplotlib" in sys.modules:
        try:
            import matplotlib
            matplotlib.rcParams.update(_mpl_defaults)
        except Exception:
            pass
    # forget modules the model wrote into a workspace (its own helper files)
    ws = state.get("workspaces", set())
    for name, mod in list(sys.modules.items()):
        f = getattr(mod, "__file__", None)
        if f and any(os.path.abspath(f).startswith(w + os.sep) for w in ws):
            del sys.modules[name]
    state["workspaces"] = set()
    sys.path[:] = state["base_path"]
    os.chdir(state["scratch"])


# ---------------------------------------------------------------------------------------------
# Running a block
# ---------------------------------------------------------------------------------------------
def _format_error(exc):
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == RUNNER_FILE:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb)) + _cap_hint(exc)


_CAPS = {}




def _cap_hint(exc):
    """A line naming the worker's resource cap a failed call ran into, and the builder call that raises it."""
    import errno
    seen = set()
    while isinstance(exc, BaseException) and id(exc) not in seen:
        seen.add(id(exc))
        code = getattr(exc, "errno", None) if isinstance(exc, OSError) else None
        if code == errno.EFBIG and "file-size-limit" in _CAPS:
            return ("[Quota] a file may not grow past the worker's file size cap of %d bytes "
                    "(CPythonExecutor.builder().fileSizeLimitBytes(...))\n" % _CAPS["file-size-limit"])
        if code == errno.EMFILE and "open-files-limit" in _CAPS:
            return ("[Quota] the worker may hold at most %d open files "
                    "(CPythonExecutor.builder().openFilesLimit(...))\n" % _CAPS["open-files-limit"])
        if code == errno.ENOSPC:
            return ("[Quota] the sandbox's disk quota is full (/tmp is a size-capped tmpfs; "
                    "CPythonExecutor.builder().fileSizeLimitBytes(...) caps each file)\n")
        exc = exc.__cause__ or exc.__context__
    return ""


def _soft_timer(seconds):
    """Arms a SIGALRM that raises BlockTimeout; returns a disarm function, or None if unsupported."""
    try:
        import signal
        if not hasattr(signal, "setitimer"):
            return None

        def on_alarm(signum, frame):
            raise BlockTimeout()

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))

        def disarm():
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return disarm
    except Exception:
        return None


def _exec_block(req, state):
    cap = int(req.get("max_output", 1000000))
    cwd = req.get("cwd") or state["scratch"]
    mode = req.get("mode", "script")
    fd_capture = state["fd_capture"]
    if fd_capture:
        _truncate_fd(1)
        _truncate_fd(2)
        out = CappedWriter(_fd_sink(1), cap)
        err = CappedWriter(_fd_sink(2), cap)
    else:
        out = CappedWriter(None, cap)
        err = CappedWriter(None, cap)

    if mode == "notebook":
        if state["notebook_ns"] is None:
            state["notebook_ns"] = {"__name__": "__main__", "__builtins__": builtins}
        ns = state["notebook_ns"]
    else:
        ns = {"__name__": "__main__", "__builtins__": builtins}

    outcome = "success"
    error = ""
    started = time.time()
    saved = (sys.stdout, sys.stderr, sys.argv)
    disarm = None
    try:
        os.chdir(cwd)
        ws = os.path.abspath(cwd)
        _SQLITE_ROOT[0] = os.path.realpath(ws)
        state["workspaces"].add(ws)
        if not sys.path or sys.path[0] != ws:
            sys.path.insert(0, ws)
        source = req.get("code", "")
        if mode != "notebook":
            _forget_sources(state)  # a script's functions die with its namespace
        filename = _register_source(state, source)
        sys.stdout, sys.stderr, sys.argv = out, err, [filename]
        timeout_s = req.get("timeout_s")
        try:
            if timeout_s:
                disarm = _soft_timer(float(timeout_s))
            code = compile(source, filename, "exec")
            exec(code, ns)
        finally:
            if disarm is not None:
                disarm()
    except BlockTimeout:
        outcome = "timeout"
    except SystemExit as e:
        if e.code not in (None, 0):
            outcome = "error"
            error = _format_error(e)
    except BaseException as e:  # noqa: B036 - KeyboardInterrupt, MemoryError etc. are the model's errors too
        outcome = "error"
        try:
            error = _format_error(e)
        except BaseException:
            error = "%s: %s\n" % (type(e).__name__, e)
    finally:
        sys.stdout, sys.stderr, sys.argv = saved
        _settle_files(mode != "notebook")
        _after_block()
    duration_ms = (time.time() - started) * 1000.0

    if fd_capture:
        # fd-level writes (subprocesses, os.write) share the capture files with print()
        stdout, t1 = _read_capture(os.path.join(state["scratch"], "block.out"), cap)
        stderr, t2 = _read_capture(os.path.join(state["scratch"], "block.err"), cap)
        truncated = out.truncated or err.truncated or t1 or t2
        _truncate_fd(1)
        _truncate_fd(2)
    else:
        stdout, stderr = out.text(), err.text()
        truncated = out.truncated or err.truncated
    return {"type": "result", "outcome": outcome, "stdout": stdout, "stderr": stderr, "error": error,
            "truncated": truncated, "duration_ms": duration_ms, "rss_kb": _rss_kb()}


def _rss_kb():
    try:
        with io.open("/proc/self/status", "r") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except Exception:
        pass
    return None


def main():
    scratch = os.path.abspath(_arg("scratch", os.getcwd()))
    memory_limit = _apply_memory_limit()
    _apply_resource_caps()
    reader, writer, fd_capture = _open_channels(scratch)

    def send(obj):
        obj["v"] = PROTOCOL_VERSION
        writer.write(json.dumps(obj, ensure_ascii=True) + "\n")
        writer.flush()

    preloaded, cjk = _preload()
    _track_open_files()
    _guard_sqlite()
    state = {"scratch": scratch, "fd_capture": fd_capture, "notebook_ns": None, "workspaces": set(),
             "base_path": list(sys.path), "blocks": 0, "sources": []}
    os.chdir(scratch)
    impl = getattr(sys, "implementation", None)
    send({"type": "ready", "implementation": impl.name if impl else "unknown",
          "python": "%d.%d.%d" % sys.version_info[:3], "preloaded": preloaded, "cjk_fonts": cjk,
          "fd_capture": fd_capture, "memory_limit": memory_limit, "soft_timeout": _has_setitimer()})
    while True:
        line = reader.readline()
        if not line:
            return 0
        line = line.strip()
        if not line:
            continue
        try:
            req = json.loads(line)
            rid = req.get("id")
            kind = req.get("type")
        except Exception as e:
            send({"type": "protocol_error", "error": "unreadable request: %s" % e})
            continue
        if req.get("v") != PROTOCOL_VERSION:
            send({"id": rid, "type": "protocol_error", "error": "unsupported protocol version %r" % req.get("v")})
            continue
        if kind == "exec":
            resp = _exec_block(req, state)
        elif kind == "reset":
            _reset_state(state)
            resp = {"type": "ok", "rss_kb": _rss_kb()}
        elif kind == "ping":
            resp = {"type": "pong", "rss_kb": _rss_kb()}
        elif kind == "shutdown":
            send({"id": rid, "type": "bye"})
            return 0
        else:
            resp = {"type": "protocol_error", "error": "unknown request type %r" % kind}
        resp["id"] = rid
        send(resp)


def _has_setitimer():
    try:
        import signal
        return hasattr(signal, "setitimer")
    except Exception:
        return False


if __name__ == "__main__":
    sys.exit(main())
