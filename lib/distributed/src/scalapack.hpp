#pragma once
// The BLACS and ScaLAPACK entry points used here (Fortran calling convention: everything by pointer;
// the character arguments are single letters, read by their first character only).
extern "C" {
void Cblacs_pinfo(int* rank, int* size);
void Cblacs_get(int context, int what, int* value);
void Cblacs_gridinit(int* context, const char* order, int rows, int cols);
void Cblacs_gridinfo(int context, int* rows, int* cols, int* my_row, int* my_col);
void Cblacs_gridexit(int context);
int numroc_(const int* n, const int* nb, const int* iproc, const int* isrcproc, const int* nprocs);
void descinit_(int* desc, const int* m, const int* n, const int* mb, const int* nb, const int* irsrc,
               const int* icsrc, const int* ictxt, const int* lld, int* info);
void pdpotrf_(const char* uplo, const int* n, double* a, const int* ia, const int* ja, const int* desca, int* info);
void pdpotrs_(const char* uplo, const int* n, const int* nrhs, const double* a, const int* ia, const int* ja,
              const int* desca, double* b, const int* ib, const int* jb, const int* descb, int* info);
void pdtran_(const int* m, const int* n, const double* alpha, const double* a, const int* ia, const int* ja,
             const int* desca, const double* beta, double* c, const int* ic, const int* jc, const int* descc);
void pdsyevx_(const char* jobz, const char* range, const char* uplo, const int* n, double* a, const int* ia,
              const int* ja, const int* desca, const double* vl, const double* vu, const int* il, const int* iu,
              const double* abstol, int* m, int* nz, double* w, const double* orfac, double* z, const int* iz,
              const int* jz, const int* descz, double* work, const int* lwork, int* iwork, const int* liwork,
              int* ifail, int* iclustr, double* gap, int* info);
}
