#ifndef fluxion_physics_solution_history_h
#define fluxion_physics_solution_history_h

#include <deal.II/base/index_set.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/trilinos_vector.h>

#include <vector>

namespace Fluxion
{
  using namespace dealii;

  /**
   * The current solution and the solutions of the last steps of a
   * multistep (BDF) method. Steps work on owned vectors; the ghosted copies
   * of the past solutions, which a mesh change or a checkpoint needs, are
   * refreshed only when asked for.
   */
  class SolutionHistory
  {
  public:
    using VectorType = TrilinosWrappers::MPI::Vector;

    /**
     * Size the vectors for the current mesh, with @p n_old past solutions.
     */
    void
    reinit(const IndexSet    &owned,
           const IndexSet    &relevant,
           MPI_Comm           communicator,
           const unsigned int n_old);

    /**
     * Start from @p owned: the current and all past solutions equal it.
     */
    void
    fill(const VectorType &owned);

    /**
     * The step is accepted: the current solution becomes the last one.
     */
    void
    accept();

    /**
     * The step is rejected: the current solution, and the ghosted
     * @p solution, go back to the last one.
     */
    void
    reject(VectorType &solution);

    /**
     * The ghosted state: @p solution, then the past solutions.
     */
    std::vector<VectorType *>
    state_vectors(VectorType &solution);

    /**
     * After a mesh change, with the transferred fields in the vectors of
     * state_vectors(): make them conform to the hanging-node constraints
     * and copy them into the owned vectors.
     */
    void
    take_transferred(VectorType                      &solution,
                     const AffineConstraints<double> &hanging);

    /**
     * The owned vector of state k (0: current, k: k-th past solution).
     */
    VectorType &
    owned(const unsigned int k)
    {
      return k == 0 ? current : old[k - 1];
    }

    /**
     * u = sum_k c[k] old[k].
     */
    void
    combine(const std::vector<double> &c, VectorType &u) const;

    /// The current solution (owned).
    VectorType current;
    /// The past solutions, newest first (owned).
    std::vector<VectorType> old;

  private:
    std::vector<VectorType> old_ghosted;
    bool                    ghosts_stale = false;
  };
} // namespace Fluxion

#endif
