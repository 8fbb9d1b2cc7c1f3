/*
 * LD_PRELOAD shim for the private pcscd (private-pcscd.ts): sets TCP_NODELAY on every
 * socket pcscd accepts. vpcd writes each message as a 2-byte length and then the payload;
 * with Nagle on, the payload waits for the ACK of the length, which the virtual card's
 * kernel delays by ~40 ms, so every APDU took ~44 ms. With this, ~0.2 ms. The vpcd driver
 * has no option for it. On pcscd's Unix client socket setsockopt just fails, harmlessly.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

static int nodelay(int fd)
{
    int one = 1;
    if (fd >= 0)
        (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

int accept(int s, struct sockaddr *addr, socklen_t *len)
{
    static int (*real)(int, struct sockaddr *, socklen_t *);
    if (!real)
        real = (int (*)(int, struct sockaddr *, socklen_t *))dlsym(RTLD_NEXT, "accept");
    return nodelay(real(s, addr, len));
}

int accept4(int s, struct sockaddr *addr, socklen_t *len, int flags)
{
    static int (*real)(int, struct sockaddr *, socklen_t *, int);
    if (!real)
        real = (int (*)(int, struct sockaddr *, socklen_t *, int))dlsym(RTLD_NEXT, "accept4");
    return nodelay(real(s, addr, len, flags));
}
