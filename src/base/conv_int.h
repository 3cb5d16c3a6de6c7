/* Internal: the convergence test shared by the library's iterative solvers (table update, general equilibrium). */
#ifndef TSC_CONV_INT_H
#define TSC_CONV_INT_H

/* The convention (include/tariffscope/update.h and ge.h document each solver's own residual):
 *  - a solver's residual is its largest relative gap, max_k |r_k| / s_k over the conditions k it must meet (r_k the
 *    condition's error, s_k its scale: a target's value, a region's value added, ...);
 *  - it has converged when residual <= tol, so a tolerance is the largest relative gap accepted, and a NaN residual
 *    never converges;
 *  - options name the tolerance tol and the iteration limit max_iter (inner_tol, inner_max_iter for inner solves),
 *    max_iter = 0 meaning the solver's default; a solver returns its residual. */
static inline int tsc__converged(double residual, double tol)
{
    return residual <= tol;
}

#endif
