// limit_layer_levels(): a thin layer between two blocks (silicon below,
// oxide above) is refined and coarsened for several rounds by flags that
// depend only on the cell centres. With the limit, no layer cell ends finer
// than a cell across it, in 2D and 3D, on a serial and on a distributed
// mesh, on 1 and 2 ranks; without it, the same flags leave such cells (so
// the check can fail).

#include <deal.II/base/mpi.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/grid/grid_generator.h>

#include <fluxion/physics/dopant/layer_levels.h>

#include <cmath>
#include <iostream>

using namespace Fluxion;

namespace
{
  const types::material_id layer_id = 2;

  bool
  is_layer(const types::material_id m)
  {
    return m == layer_id;
  }

  // A deterministic pseudo-random number in [0, 1) from a point and a round.
  template <int dim>
  double
  hash(const Point<dim> &p, const unsigned int round)
  {
    double s = 12.9898 * round;
    for (unsigned int d = 0; d < dim; ++d)
      s += (d + 1) * 78.233 * p[d];
    const double v = std::sin(s) * 43758.5453;
    return v - std::floor(v);
  }

  template <int dim>
  void
  make_mesh(Triangulation<dim> &tria)
  {
    // Silicon 4 cells deep, a layer 1e-3 thick, 2 cells of oxide; 8 (2D)
    // or 4 x 4 (3D) cells along the layer.
    std::vector<std::vector<double>> steps(dim);
    for (unsigned int d = 0; d + 1 < dim; ++d)
      steps[d].assign(dim == 2 ? 8 : 4, dim == 2 ? 0.125 : 0.25);
    steps[dim - 1] = {0.25, 0.25, 0.25, 0.25, 1e-3, 0.125, 0.125};
    Point<dim> lower, upper;
    for (unsigned int d = 0; d < dim; ++d)
      for (const double h : steps[d])
        upper[d] += h;
    lower[dim - 1] = -1;
    upper[dim - 1] -= 1;
    GridGenerator::subdivided_hyper_rectangle(tria, steps, lower, upper);
    for (const auto &cell : tria.active_cell_iterators())
      if (std::abs(cell->center()[dim - 1] - 5e-4) < 1e-6)
        cell->set_material_id(layer_id);
  }

  // Layer cells (owned) with a cell across them that is coarser, summed
  // over the ranks.
  template <int dim>
  unsigned int
  count_finer_layer_cells(const Triangulation<dim> &tria, const MPI_Comm comm)
  {
    unsigned int n = 0;
    for (const auto &cell : tria.active_cell_iterators())
      if (cell->is_locally_owned() && is_layer(cell->material_id()))
        {
          const unsigned int d = thinnest_axis<dim>(cell);
          for (const unsigned int f : {2 * d, 2 * d + 1})
            if (!cell->at_boundary(f) && !cell->neighbor(f)->has_children() &&
                cell->neighbor(f)->level() < cell->level())
              ++n;
        }
    return Utilities::MPI::sum(n, comm);
  }

  template <int dim>
  unsigned int
  run(Triangulation<dim> &tria, const bool limit, const MPI_Comm comm)
  {
    const unsigned int max_level  = 3;
    unsigned int       violations = 0;
    make_mesh(tria);
    for (unsigned int round = 0; round < 8; ++round)
      {
        for (const auto &cell : tria.active_cell_iterators())
          if (cell->is_locally_owned())
            {
              const double r = hash(cell->center(), round);
              if (r < 0.35 && cell->level() < static_cast<int>(max_level))
                cell->set_refine_flag();
              else if (r > 0.75 && cell->level() > 0)
                cell->set_coarsen_flag();
            }
        if (limit)
          limit_layer_levels<dim>(tria, is_layer, max_level);
        tria.execute_coarsening_and_refinement();
        // What p4est's balance left is refined in further mesh changes.
        if (limit)
          for (unsigned int pass = 0; pass < max_level; ++pass)
            if (flag_cells_under_layers<dim>(tria, is_layer) > 0)
              tria.execute_coarsening_and_refinement();
            else
              break;
        violations += count_finer_layer_cells(tria, comm);
      }
    return violations;
  }

  template <int dim>
  void
  check_dim(const MPI_Comm comm)
  {
    const bool root = Utilities::MPI::this_mpi_process(comm) == 0;
    {
      // The smoothing of Fluxion's meshes.
      const auto smoothing =
        Triangulation<dim>::limit_level_difference_at_vertices;
      parallel::distributed::Triangulation<dim> without(comm, smoothing),
        with(comm, smoothing);
      const unsigned int v0 = run(without, false, comm);
      const unsigned int v1 = run(with, true, comm);
      if (root)
        std::cout << dim << "D distributed: layer cells finer than a cell "
                  << "across, summed over 8 mesh changes: without the limit "
                  << (v0 > 0 ? "> 0" : "0 (the test cannot fail)")
                  << ", with it " << v1 << std::endl;
    }
    if (Utilities::MPI::n_mpi_processes(comm) == 1)
      {
        Triangulation<dim> without(
          Triangulation<dim>::limit_level_difference_at_vertices),
          with(Triangulation<dim>::limit_level_difference_at_vertices);
        const unsigned int v0 = run(without, false, comm);
        const unsigned int v1 = run(with, true, comm);
        std::cout << dim << "D serial: without the limit "
                  << (v0 > 0 ? "> 0" : "0 (the test cannot fail)")
                  << ", with it " << v1 << std::endl;
      }
  }
} // namespace

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  check_dim<2>(MPI_COMM_WORLD);
  check_dim<3>(MPI_COMM_WORLD);
}
