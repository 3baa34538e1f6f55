#ifndef fluxion_core_translation_cache_h
#define fluxion_core_translation_cache_h

#include <deal.II/base/geometry_info.h>
#include <deal.II/base/tensor.h>
#include <deal.II/grid/tria.h>

#include <array>

namespace Fluxion
{
  using namespace dealii;

  /**
   * Recognises cells that are translates of a reference cell. With an
   * affine (degree 1) mapping, integrals of shape functions on such cells
   * equal those on the reference cell, so a cell loop computes them only
   * when the shape changes. On structured meshes, consecutive cells are
   * nearly always translates.
   */
  template <int dim>
  class TranslationCache
  {
  public:
    /**
     * Whether @p cell is a translate of the reference cell (its vertices
     * relative to vertex 0 agree within 1e-10 of its diameter). If not,
     * @p cell becomes the reference cell and the caller recomputes what it
     * keeps for the reference. The first call returns false.
     */
    bool
    is_translate(const typename Triangulation<dim>::cell_iterator &cell)
    {
      std::array<Tensor<1, dim>, GeometryInfo<dim>::vertices_per_cell> shape;
      for (unsigned int v = 1; v < shape.size(); ++v)
        shape[v] = cell->vertex(v) - cell->vertex(0);
      bool         same = valid;
      const double tol  = 1e-10 * cell->diameter();
      for (unsigned int v = 1; same && v < shape.size(); ++v)
        same = (shape[v] - reference[v]).norm() < tol;
      if (!same)
        {
          reference = shape;
          valid     = true;
        }
      return same;
    }

    /// Forget the reference cell.
    void
    clear()
    {
      valid = false;
    }

  private:
    std::array<Tensor<1, dim>, GeometryInfo<dim>::vertices_per_cell> reference;
    bool valid = false;
  };
} // namespace Fluxion

#endif
