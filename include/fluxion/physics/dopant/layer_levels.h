#ifndef fluxion_physics_dopant_layer_levels_h
#define fluxion_physics_dopant_layer_levels_h

#include <deal.II/base/tensor.h>
#include <deal.II/base/types.h>
#include <deal.II/grid/tria.h>

#include <functional>

namespace Fluxion
{
  using namespace dealii;

  /**
   * The axis (0 to dim-1) along which a quadrilateral or hexahedral cell is
   * thinnest: the pair of opposite faces 2 d and 2 d + 1 whose centres are
   * closest. For the cells of a thin layer, this is the direction across the
   * layer.
   */
  template <int dim, typename CellIterator>
  unsigned int
  thinnest_axis(const CellIterator &cell)
  {
    unsigned int best     = 0;
    double       shortest = 0;
    for (unsigned int d = 0; d < dim; ++d)
      {
        const double l =
          (cell->face(2 * d + 1)->center() - cell->face(2 * d)->center())
            .norm();
        if (d == 0 || l < shortest)
          {
            shortest = l;
            best     = d;
          }
      }
    return best;
  }

  /**
   * Unit vector from face 2 d to face 2 d + 1 of @p cell, for the axis d of
   * thinnest_axis(): the normal of a thin layer cell.
   */
  template <int dim, typename CellIterator>
  Tensor<1, dim>
  thinnest_direction(const CellIterator &cell)
  {
    const unsigned int   d = thinnest_axis<dim>(cell);
    const Tensor<1, dim> v =
      cell->face(2 * d + 1)->center() - cell->face(2 * d)->center();
    return v / v.norm();
  }

  /**
   * Change the refinement and coarsening flags so that no cell of a thin
   * layer (the cells for which @p is_layer of the material id is true) ends
   * finer than a cell across it, i.e. a neighbour through one of its two
   * faces along thinnest_axis().
   *
   * A thin layer that carries a large transfer coefficient h across itself
   * couples each node on one side to the node opposite with a conductance
   * of about h times the cell width. When the layer is finer than the cell
   * across it, the nodes of the layer on that face hang, and the
   * constraints couple the two masters of each hanging node with a
   * conductance of the same size: a path along the layer that is orders of
   * magnitude stronger than diffusion in the bulk. On a coarser layer the
   * hanging nodes are those of the bulk cell and only couple bulk nodes
   * with bulk conductances.
   *
   * The flags are changed in rounds until none changes: cells across a
   * layer cell that would end coarser than it lose their coarsening flag
   * and, if needed, are refined (up to @p max_level); a layer cell whose
   * refinement the cells across it cannot follow in this step is not
   * refined. Each round starts with
   * Triangulation::prepare_coarsening_and_refinement(), and on a
   * distributed mesh the levels of ghost cells are exchanged. Returns the
   * number of rounds.
   *
   * On a distributed mesh, p4est's 2:1 balance may still refine a layer
   * cell beyond what the flags ask for, which no flag on this side can
   * prevent; flag_cells_under_layers() finds what is left after the mesh
   * changed.
   */
  template <int dim>
  unsigned int
  limit_layer_levels(
    Triangulation<dim>                                  &triangulation,
    const std::function<bool(const types::material_id)> &is_layer,
    const unsigned int                                   max_level);

  /**
   * Flag for refinement (and only for refinement) every locally owned cell
   * across a thin layer cell (see limit_layer_levels()) that is coarser
   * than the layer cell; all other flags are cleared. Returns the global
   * number of flagged cells. Refining them removes every layer cell finer
   * than a cell across it; as refinement only adds cells, repeating this
   * ends after at most as many mesh changes as there are levels.
   */
  template <int dim>
  unsigned int
  flag_cells_under_layers(
    Triangulation<dim>                                  &triangulation,
    const std::function<bool(const types::material_id)> &is_layer);
} // namespace Fluxion

#endif
