#!/usr/bin/perl
# Last step before pcscd for private-pcscd.ts. Runs inside the private mount namespace made
# by unshare(1), in the very process that becomes pcscd: unshare, setpriv, this script and
# pcscd all exec in turn, so the pid never changes and LISTEN_PID can name it.
#
#   pcscd-launch.pl [--bind SRC DST]... [--tmpfs DIR]... [--preload LIB] --socket PATH -- pcscd ARGS...
#
# 1. Mounts (private to this namespace): the binds first, since a bind source may sit in a
#    directory that a tmpfs hides next (the vpcd driver lives in pcscd's USB driver folder).
# 2. Creates the listening Unix socket at PATH and puts it on fd 3 without close-on-exec.
# 3. Sets LISTEN_FDS=1 and LISTEN_PID=$$ (systemd socket activation) and execs pcscd, which
#    then serves PATH instead of creating /run/pcscd/pcscd.comm. LD_PRELOAD=LIB is set for
#    pcscd alone (not for mount above).
use strict;
use warnings;
use Socket qw(PF_UNIX SOCK_STREAM SOMAXCONN pack_sockaddr_un);
use Fcntl qw(F_SETFD);
use POSIX ();

my (@binds, @tmpfs, $socket_path, $preload);
while (@ARGV) {
    my $arg = shift @ARGV;
    if ($arg eq '--bind') { push @binds, [shift @ARGV, shift @ARGV]; }
    elsif ($arg eq '--tmpfs') { push @tmpfs, shift @ARGV; }
    elsif ($arg eq '--socket') { $socket_path = shift @ARGV; }
    elsif ($arg eq '--preload') { $preload = shift @ARGV; }
    elsif ($arg eq '--') { last; }
    else { die "pcscd-launch: unknown argument '$arg'\n"; }
}
die "pcscd-launch: need --socket PATH -- COMMAND\n" unless defined $socket_path && @ARGV;

for my $bind (@binds) {
    system('mount', '--bind', $bind->[0], $bind->[1]) == 0
        or die "pcscd-launch: mount --bind $bind->[0] $bind->[1] failed\n";
}
for my $dir (@tmpfs) {
    system('mount', '-t', 'tmpfs', '-o', 'mode=0755', 'private-pcscd', $dir) == 0
        or die "pcscd-launch: mount -t tmpfs on $dir failed\n";
}

unlink $socket_path;
umask 0077;    # the socket is for this user only
socket(my $listener, PF_UNIX, SOCK_STREAM, 0) or die "pcscd-launch: socket: $!\n";
bind($listener, pack_sockaddr_un($socket_path)) or die "pcscd-launch: bind $socket_path: $!\n";
listen($listener, SOMAXCONN) or die "pcscd-launch: listen: $!\n";
if (fileno($listener) == 3) {
    fcntl($listener, F_SETFD, 0) or die "pcscd-launch: fcntl: $!\n";    # Perl set close-on-exec
} else {
    defined POSIX::dup2(fileno($listener), 3) or die "pcscd-launch: dup2: $!\n";    # dup2 clears it
}

$ENV{LISTEN_FDS} = '1';
$ENV{LISTEN_PID} = "$$";
delete $ENV{LISTEN_FDNAMES};
$ENV{LD_PRELOAD} = $preload if defined $preload;
exec { $ARGV[0] } @ARGV or die "pcscd-launch: exec $ARGV[0]: $!\n";
