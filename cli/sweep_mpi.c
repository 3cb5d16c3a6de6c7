/* tariffscope sweep: the messages between MPI ranks (Open MPI), or a build without MPI that says so. */
#include <stdlib.h>
#include <string.h>

#include "sweep.h"

int sweep_mpi_launched(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"};
    for (size_t k = 0; k < sizeof vars / sizeof *vars; k++)
        if (getenv(vars[k])) return 1;
    return 0;
}

#ifdef TSC_HAVE_MPI
#include <mpi.h>

/* Bytes travel in pieces of at most this size (MPI counts are ints; and a receiver that cannot hold a result takes
 * it off the wire piece by piece into a buffer of this size). */
#define PIECE ((size_t)1 << 20)

int sweep_mpi_start(int *rank, int *size, char *why, size_t wsize)
{
    int provided = 0;
    /* only the main thread of a rank calls MPI; the worker threads compute */
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        snprintf(why, wsize, "MPI_Init_thread failed");
        return -1;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
    if (provided < MPI_THREAD_FUNNELED) {
        snprintf(why, wsize, "this MPI does not allow threads beside the one that calls it (MPI_THREAD_FUNNELED)");
        MPI_Finalize();
        return -1;
    }
    return 0;
}

void sweep_mpi_stop(void)
{
    MPI_Finalize();
}

long sweep_mpi_min(long v)
{
    long out = v;
    MPI_Allreduce(&v, &out, 1, MPI_LONG, MPI_MIN, MPI_COMM_WORLD);
    return out;
}

void sweep_mpi_send_words(int dest, int tag, const int64_t *w, size_t n)
{
    MPI_Send(w, (int)n, MPI_INT64_T, dest, tag, MPI_COMM_WORLD);
}

int sweep_mpi_recv_words(int src, int tag, int64_t *w, size_t n)
{
    MPI_Status st;
    MPI_Recv(w, (int)n, MPI_INT64_T, src < 0 ? MPI_ANY_SOURCE : src, tag, MPI_COMM_WORLD, &st);
    return st.MPI_SOURCE;
}

void sweep_mpi_send_bytes(int dest, int tag, const char *b, size_t n)
{
    size_t off = 0;
    do {
        size_t m = n - off < PIECE ? n - off : PIECE;
        MPI_Send(b ? b + off : NULL, (int)m, MPI_BYTE, dest, tag, MPI_COMM_WORLD);
        off += m;
    } while (off < n);
}

void sweep_mpi_recv_bytes(int src, int tag, char *b, size_t n)
{
    static char sink[PIECE]; /* rank 0's main thread only */
    size_t off = 0;
    do {
        size_t m = n - off < PIECE ? n - off : PIECE;
        MPI_Recv(b ? b + off : sink, (int)m, MPI_BYTE, src, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        off += m;
    } while (off < n);
}

int sweep_mpi_probe(int *src, int *tag)
{
    int flag = 0;
    MPI_Status st;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
    if (!flag) return 0;
    *src = st.MPI_SOURCE;
    *tag = st.MPI_TAG;
    return 1;
}

#else /* built without MPI: a sweep under mpirun says so and stops */

int sweep_mpi_start(int *rank, int *size, char *why, size_t wsize)
{
    *rank = 0;
    *size = 1;
    snprintf(why, wsize,
             "started by mpirun, but this tariffscope was built without MPI (install libopenmpi-dev and rebuild: "
             "docs/SWEEPS.md)");
    return -1;
}
void sweep_mpi_stop(void)
{
}
long sweep_mpi_min(long v)
{
    return v;
}
void sweep_mpi_send_words(int dest, int tag, const int64_t *w, size_t n)
{
    (void)dest, (void)tag, (void)w, (void)n;
}
int sweep_mpi_recv_words(int src, int tag, int64_t *w, size_t n)
{
    (void)tag;
    memset(w, 0, n * sizeof *w);
    return src;
}
void sweep_mpi_send_bytes(int dest, int tag, const char *b, size_t n)
{
    (void)dest, (void)tag, (void)b, (void)n;
}
void sweep_mpi_recv_bytes(int src, int tag, char *b, size_t n)
{
    (void)src, (void)tag, (void)b, (void)n;
}
int sweep_mpi_probe(int *src, int *tag)
{
    (void)src, (void)tag;
    return 0;
}

#endif
