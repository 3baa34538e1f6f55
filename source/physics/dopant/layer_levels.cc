#include <deal.II/base/mpi.h>
#include <deal.II/distributed/tria_base.h>
#include <deal.II/grid/grid_tools.h>

#include <fluxion/physics/dopant/layer_levels.h>

#include <algorithm>
#include <optional>
#include <vector>

namespace Fluxion
{
  namespace
  {
    // Level of an active cell after the mesh change its flags ask for.
    template <typename CellIterator>
    int
    level_after(const CellIterator &cell)
    {
      return cell->level() + (cell->refine_flag_set() ? 1 : 0) -
             (cell->coarsen_flag_set() ? 1 : 0);
    }

    // The active cells across a layer cell (through its two faces along
    // its thinnest axis); artificial cells are left out.
    template <int dim>
    std::vector<typename Triangulation<dim>::active_cell_iterator>
    cells_across(const typename Triangulation<dim>::active_cell_iterator &cell)
    {
      std::vector<typename Triangulation<dim>::active_cell_iterator> result;
      const unsigned int d = thinnest_axis<dim>(cell);
      for (const unsigned int f : {2 * d, 2 * d + 1})
        {
          if (cell->at_boundary(f))
            continue;
          if (cell->neighbor(f)->has_children())
            for (unsigned int s = 0; s < cell->face(f)->n_children(); ++s)
              result.push_back(cell->neighbor_child_on_subface(f, s));
          else
            result.push_back(cell->neighbor(f));
        }
      result.erase(std::remove_if(result.begin(),
                                  result.end(),
                                  [](const auto &c) {
                                    return c->is_artificial();
                                  }),
                   result.end());
      return result;
    }
  } // namespace

  template <int dim>
  unsigned int
  limit_layer_levels(
    Triangulation<dim>                                  &triangulation,
    const std::function<bool(const types::material_id)> &is_layer,
    const unsigned int                                   max_level)
  {
    using Cell = typename Triangulation<dim>::active_cell_iterator;
    const auto *parallel =
      dynamic_cast<const parallel::TriangulationBase<dim> *>(&triangulation);
    const MPI_Comm comm =
      parallel ? parallel->get_communicator() : MPI_COMM_SELF;

    const unsigned int max_rounds = 8;
    unsigned int       round      = 0;
    while (round < max_rounds)
      {
        ++round;
        // Flags of owned cells before and after the smoothing.
        const auto flags = [&triangulation]() {
          std::vector<char> f;
          for (const auto &cell : triangulation.active_cell_iterators())
            if (cell->is_locally_owned())
              f.push_back((cell->refine_flag_set() ? 1 : 0) +
                          (cell->coarsen_flag_set() ? 2 : 0));
          return f;
        };
        const std::vector<char> before = flags();
        triangulation.prepare_coarsening_and_refinement();
        bool changed = flags() != before;

        // Levels after this change, of owned cells and (exchanged) ghosts.
        std::vector<int> after(triangulation.n_active_cells(), 0);
        for (const auto &cell : triangulation.active_cell_iterators())
          if (cell->is_locally_owned())
            after[cell->active_cell_index()] = level_after(cell);
        if (parallel)
          GridTools::exchange_cell_data_to_ghosts<int, Triangulation<dim>>(
            triangulation,
            [](const Cell &cell) -> std::optional<int> {
              return level_after(cell);
            },
            [&after](const Cell &cell, const int &level) {
              after[cell->active_cell_index()] = level;
            });

        for (const auto &layer : triangulation.active_cell_iterators())
          if (!layer->is_artificial() && is_layer(layer->material_id()))
            for (const auto &across : cells_across<dim>(layer))
              {
                // A layer cell flagged for coarsening counts as staying: on
                // a distributed mesh its family may span two ranks, and
                // then it is not coarsened.
                const int target =
                  std::max(after[layer->active_cell_index()], layer->level());
                // The cell across follows the layer.
                if (across->is_locally_owned() &&
                    after[across->active_cell_index()] < target)
                  {
                    if (across->coarsen_flag_set())
                      {
                        across->clear_coarsen_flag();
                        changed = true;
                      }
                    if (level_after(across) < target &&
                        !across->refine_flag_set() &&
                        across->level() < static_cast<int>(max_level))
                      {
                        across->set_refine_flag();
                        changed = true;
                      }
                  }
                // The layer waits for a cell across that is too coarse to
                // follow in this step.
                if (layer->is_locally_owned() && layer->refine_flag_set() &&
                    target > across->level() + 1)
                  {
                    layer->clear_refine_flag();
                    changed = true;
                  }
              }
        if (!Utilities::MPI::logical_or(changed, comm))
          break;
      }
    return round;
  }

  template <int dim>
  unsigned int
  flag_cells_under_layers(
    Triangulation<dim>                                  &triangulation,
    const std::function<bool(const types::material_id)> &is_layer)
  {
    const auto *parallel =
      dynamic_cast<const parallel::TriangulationBase<dim> *>(&triangulation);
    const MPI_Comm comm =
      parallel ? parallel->get_communicator() : MPI_COMM_SELF;
    for (const auto &cell : triangulation.active_cell_iterators())
      {
        cell->clear_refine_flag();
        cell->clear_coarsen_flag();
      }
    unsigned int n = 0;
    for (const auto &layer : triangulation.active_cell_iterators())
      if (!layer->is_artificial() && is_layer(layer->material_id()))
        for (const auto &across : cells_across<dim>(layer))
          if (across->is_locally_owned() && across->level() < layer->level() &&
              !across->refine_flag_set())
            {
              across->set_refine_flag();
              ++n;
            }
    return Utilities::MPI::sum(n, comm);
  }

  template unsigned int
  flag_cells_under_layers<2>(
    Triangulation<2> &,
    const std::function<bool(const types::material_id)> &);
  template unsigned int
  flag_cells_under_layers<3>(
    Triangulation<3> &,
    const std::function<bool(const types::material_id)> &);

  template unsigned int
  limit_layer_levels<2>(Triangulation<2> &,
                        const std::function<bool(const types::material_id)> &,
                        const unsigned int);
  template unsigned int
  limit_layer_levels<3>(Triangulation<3> &,
                        const std::function<bool(const types::material_id)> &,
                        const unsigned int);
} // namespace Fluxion
