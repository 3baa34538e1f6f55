#include <deal.II/distributed/solution_transfer.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/numerics/solution_transfer.h>

#include <fluxion/core/mesh_size_limits.h>
#include <fluxion/core/simulator.h>
#include <fluxion/refinement/marking.h>

#include <algorithm>

// Mesh adaptation of the Simulator: marking by the refinement criteria and
// the transfer of the physics' state to the new mesh.
namespace Fluxion
{
  template <int dim>
  void
  Simulator<dim>::refine_mesh()
  {
    TimerOutput::Scope t(timer, "refine");
    Vector<float>      indicators(triangulation->n_active_cells());
    for (unsigned int k = 0; k < criteria.size(); ++k)
      {
        Vector<float> v(triangulation->n_active_cells());
        criteria[k]->estimate(*physics, v);
        // Normalise by the global maximum so that criteria can be combined.
        float vmax = 0;
        for (const auto &cell : triangulation->active_cell_iterators())
          if (cell->is_locally_owned())
            vmax = std::max(vmax, v[cell->active_cell_index()]);
        vmax = Utilities::MPI::max(vmax, mpi_communicator);
        if (vmax > 0)
          v /= vmax;
        for (unsigned int i = 0; i < v.size(); ++i)
          indicators[i] = std::max(indicators[i], v[i]);
      }

    // Refine fewer cells rather than exceed <Maximum cells>.
    const double fraction = limited_refine_fraction(
      triangulation->n_global_active_cells(), max_cells, dim, refine_fraction);
    if (fraction < refine_fraction && !max_cells_reported)
      pcout << "Note: refining fewer cells to stay within <Mesh "
               "refinement/Maximum cells> = "
            << max_cells << "." << std::endl;
    max_cells_reported |= (fraction < refine_fraction);
    mark_fixed_fraction_of_cells(
      *triangulation, indicators, fraction, coarsen_fraction, mpi_communicator);
    for (const auto &cell : triangulation->active_cell_iterators())
      if (cell->is_locally_owned())
        {
          if (cell->level() >= static_cast<int>(max_level))
            cell->clear_refine_flag();
          if (cell->level() <= static_cast<int>(min_level))
            cell->clear_coarsen_flag();
        }

    physics->adjust_refinement_flags(max_level);
    execute_refinement();
    // Cells that the physics needs refined after all (see
    // PhysicsInterface::repair_refinement_flags()); each repair only refines.
    for (unsigned int pass = 0; pass < max_level; ++pass)
      if (physics->repair_refinement_flags())
        execute_refinement();
      else
        break;
  }

  template <int dim>
  void
  Simulator<dim>::execute_refinement()
  {
    physics->before_state_transfer();
    auto                            state = physics->state_vectors();
    std::vector<const VectorType *> in(state.begin(), state.end());
    const auto                     &dof_handler = physics->get_dof_handler();
    if (serial_mesh)
      {
        std::vector<VectorType> old(state.size());
        for (unsigned int k = 0; k < state.size(); ++k)
          old[k] = *state[k];
        SolutionTransfer<dim, VectorType> transfer(dof_handler);
        triangulation->prepare_coarsening_and_refinement();
        transfer.prepare_for_coarsening_and_refinement(old);
        triangulation->execute_coarsening_and_refinement();
        physics->setup_dofs();
        std::vector<VectorType> fresh(state.size());
        for (auto &v : fresh)
          v.reinit(*state[0]);
        transfer.interpolate(old, fresh);
        for (unsigned int k = 0; k < state.size(); ++k)
          *state[k] = fresh[k];
      }
    else if constexpr (dim > 1)
      {
        parallel::distributed::SolutionTransfer<dim, VectorType> transfer(
          dof_handler);
        triangulation->prepare_coarsening_and_refinement();
        transfer.prepare_for_coarsening_and_refinement(in);
        triangulation->execute_coarsening_and_refinement();
        physics->setup_dofs();
        state = physics->state_vectors();
        std::vector<VectorType>   fresh(state.size());
        std::vector<VectorType *> out;
        for (auto &v : fresh)
          {
            v.reinit(dof_handler.locally_owned_dofs(), mpi_communicator);
            out.push_back(&v);
          }
        transfer.interpolate(out);
        for (unsigned int k = 0; k < state.size(); ++k)
          *state[k] = fresh[k];
      }
    physics->after_state_transfer(conserve_amount);
  }

  template void
  Simulator<1>::refine_mesh();
  template void
  Simulator<2>::refine_mesh();
  template void
  Simulator<3>::refine_mesh();
  template void
  Simulator<1>::execute_refinement();
  template void
  Simulator<2>::execute_refinement();
  template void
  Simulator<3>::execute_refinement();
} // namespace Fluxion
