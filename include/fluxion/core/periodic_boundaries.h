#ifndef fluxion_core_periodic_boundaries_h
#define fluxion_core_periodic_boundaries_h

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/tensor.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/grid/tria.h>
#include <deal.II/lac/affine_constraints.h>

#include <map>
#include <string>
#include <vector>

namespace Fluxion
{
  using namespace dealii;

  /**
   * Periodic boundaries, a feature of the geometry: pairs of named
   * boundaries whose faces are identified with each other, given as
   * <Geometry/Periodic boundaries> = "left: right, bottom: top". The
   * second boundary of a pair must be the first one moved by a translation;
   * its direction is the axis along which the centres of the two
   * boundaries lie farthest apart, and the translation is found from the
   * coarse mesh.
   *
   * The mesh learns about the pairs through add_to() (p4est joins the trees
   * across them, and refinement keeps periodic neighbours within one level),
   * and each physics adds the constraints u(second) = u(first) that the mesh
   * then knows with add_periodicity_constraints() to its hanging-node
   * constraints, before it adds its prescribed values (the order of
   * deal.II's step-45).
   */
  template <int dim>
  class PeriodicBoundaries
  {
  public:
    /**
     * Declare <Periodic boundaries> in the current (Geometry) subsection.
     */
    static void
    declare_parameters(ParameterHandler &prm);

    /**
     * Read the pairs from the text of <Geometry/Periodic boundaries>.
     * Refuses unknown names, a boundary paired with itself and a boundary
     * named twice.
     */
    void
    parse(const std::string                               &text,
          const std::map<std::string, types::boundary_id> &boundary_ids);

    /**
     * Refuse boundary conditions on a periodic boundary (such a boundary
     * is no longer a boundary of the domain), in the sections of the
     * physics that name boundaries, and options that do not support
     * periodicity.
     */
    void
    check_parameters(ParameterHandler &prm) const;

    /**
     * Whether there is no periodic pair.
     */
    bool
    empty() const
    {
      return pairs.empty();
    }

    /**
     * Whether @p name is one of the periodic boundaries.
     */
    bool
    is_periodic(const std::string &name) const;

    /**
     * Match the faces of each pair on the coarse (not yet refined) mesh
     * @p tria and add them to it as periodic neighbours. Refuses pairs
     * whose faces do not match: a different number of faces, or no
     * translation that maps them onto each other. Call again, the same way,
     * after the mesh was rebuilt (a checkpoint being loaded).
     */
    void
    add_to(Triangulation<dim> &tria);

  private:
    struct Pair
    {
      std::string        first_name, second_name;
      types::boundary_id first, second;
      // Found by add_to() from the coarse mesh.
      unsigned int   direction = 0;
      Tensor<1, dim> offset;
    };

    /**
     * Find the direction and the tangential offset of @p pair from the
     * centres of its coarse faces; return the number of faces of each side.
     */
    unsigned int
    find_translation(const Triangulation<dim> &tria, Pair &pair) const;

    std::vector<Pair> pairs;
  };
  /**
   * Add the constraints u(second) = u(first) between the DoFs of every pair
   * of periodic faces that the mesh of @p dof_handler was given (by
   * PeriodicBoundaries::add_to()) to @p constraints, which may hold
   * hanging-node constraints already (not closed here). A physics calls it
   * where it makes its hanging-node constraints, before it adds its
   * prescribed values, as in deal.II's step-45. Nothing happens on a mesh
   * without periodic faces.
   */
  template <int dim>
  void
  add_periodicity_constraints(const DoFHandler<dim>     &dof_handler,
                              AffineConstraints<double> &constraints);
} // namespace Fluxion

#endif
