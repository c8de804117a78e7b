# Prepares the confinement of CPython workers (run once per executor by the Java host, unconfined,
# with the worker's own interpreter):
#   python3 -I confinement.py --bpf OUT
# 1. writes the seccomp filter that bubblewrap loads with --seccomp FD (libseccomp's exporter, the
#    Debian package python3-seccomp, so the BPF comes from a well-kept compiler, not from us), and
# 2. prints, as one JSON line, the directories this interpreter needs to read (its prefix, stdlib,
#    site-packages, matplotlib's data), which the host binds read-only into the sandbox.
# Exit 3 with a message on stderr when the seccomp bindings are missing.
import json
import os
import sys

# Denied with EPERM, so Python raises an ordinary PermissionError: debugging and reading other
# processes, kernel-level escapes (mounts, namespaces, keyrings, BPF, modules, kexec, perf).
DENIED = [
    "ptrace", "process_vm_readv", "process_vm_writev",
    "mount", "umount2", "move_mount", "open_tree", "fsopen", "fsconfig", "fsmount", "fspick", "pivot_root", "chroot",
    "setns", "unshare",
    "bpf", "keyctl", "add_key", "request_key",
    "kexec_load", "kexec_file_load", "perf_event_open",
    "init_module", "finit_module", "delete_module",
    "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register",
    "open_by_handle_at", "name_to_handle_at", "lookup_dcookie", "quotactl", "swapon", "swapoff",
    "reboot", "settimeofday", "clock_settime", "adjtimex", "acct", "syslog", "vhangup",
]
NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x00000080


def _arg(name):
    flag = "--" + name
    return sys.argv[sys.argv.index(flag) + 1] if flag in sys.argv else None


def write_filter(path):
    import errno
    import socket
    import seccomp
    f = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    eperm = seccomp.ERRNO(errno.EPERM)
    for name in DENIED:
        try:
            f.add_rule(eperm, name)
        except (RuntimeError, ValueError, OSError):
            pass  # not a system call on this architecture / libseccomp version
    # network: only local (AF_UNIX) sockets, whatever the namespace holds
    f.add_rule(eperm, "socket", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
    # no new namespaces through clone(); clone3 passes its flags in memory a filter cannot read, so
    # it answers ENOSYS and glibc falls back to clone()
    f.add_rule(eperm, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, NAMESPACE_FLAGS & ~0x00000080, 0x00020000))
    for bit in (0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000, 0x00000080):
        f.add_rule(eperm, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, bit, bit))
    f.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    # TIOCSTI would push input into a terminal the worker does not have; deny it anyway
    f.add_rule(eperm, "ioctl", seccomp.Arg(1, seccomp.EQ, 0x5412))
    with open(path, "wb") as out:
        f.export_bpf(out)


def needed_paths():
    paths = {sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix,
             os.path.dirname(os.path.realpath(sys.executable))}
    paths.update(p for p in sys.path if p and os.path.isabs(p))
    try:
        import matplotlib
        paths.add(os.path.realpath(matplotlib.get_data_path()))
    except Exception:
        pass
    return sorted(os.path.realpath(p) for p in paths if os.path.exists(p))


def main():
    bpf = _arg("bpf")
    if bpf:
        try:
            write_filter(bpf)
        except ImportError:
            sys.stderr.write("the seccomp bindings for Python are missing for %s (Debian: apt-get install -y "
                             "python3-seccomp)\n" % sys.executable)
            return 3
    print(json.dumps({"executable": os.path.realpath(sys.executable), "paths": needed_paths()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
