#include <fluxion/physics/solution_history.h>

namespace Fluxion
{
  void
  SolutionHistory::reinit(const IndexSet    &owned_dofs,
                          const IndexSet    &relevant_dofs,
                          MPI_Comm           communicator,
                          const unsigned int n_old)
  {
    current.reinit(owned_dofs, communicator);
    old.resize(n_old);
    old_ghosted.resize(n_old);
    for (unsigned int k = 0; k < n_old; ++k)
      {
        old[k].reinit(owned_dofs, communicator);
        old_ghosted[k].reinit(owned_dofs, relevant_dofs, communicator);
      }
    ghosts_stale = false;
  }

  void
  SolutionHistory::fill(const VectorType &owned_values)
  {
    current = owned_values;
    for (auto &v : old)
      v = owned_values;
    ghosts_stale = true;
  }

  void
  SolutionHistory::accept()
  {
    for (unsigned int k = old.size() - 1; k > 0; --k)
      old[k] = old[k - 1];
    old[0]       = current;
    ghosts_stale = true;
  }

  void
  SolutionHistory::reject(VectorType &solution)
  {
    current  = old[0];
    solution = old[0];
  }

  std::vector<SolutionHistory::VectorType *>
  SolutionHistory::state_vectors(VectorType &solution)
  {
    // The ghosted copies follow the owned ones only after steps; right
    // after a mesh change they hold the transferred fields.
    if (ghosts_stale)
      for (unsigned int k = 0; k < old.size(); ++k)
        old_ghosted[k] = old[k];
    ghosts_stale                = false;
    std::vector<VectorType *> v = {&solution};
    for (auto &o : old_ghosted)
      v.push_back(&o);
    return v;
  }

  void
  SolutionHistory::take_transferred(VectorType                      &solution,
                                    const AffineConstraints<double> &hanging)
  {
    const auto vectors = state_vectors(solution);
    for (unsigned int k = 0; k < vectors.size(); ++k)
      {
        VectorType &o = owned(k);
        o             = *vectors[k];
        hanging.distribute(o);
        *vectors[k] = o;
      }
  }

  void
  SolutionHistory::combine(const std::vector<double> &c, VectorType &u) const
  {
    u = 0;
    for (unsigned int k = 0; k < c.size(); ++k)
      u.add(c[k], old[k]);
  }
} // namespace Fluxion
