#ifndef fluxion_physics_dopant_wafer_process_h
#define fluxion_physics_dopant_wafer_process_h

#include <deal.II/base/point.h>
#include <deal.II/base/types.h>
#include <deal.II/lac/trilinos_vector.h>

#include <vector>

namespace Fluxion
{
  using namespace dealii;

  /**
   * What a physics of a wafer in a thermal process offers beyond
   * PhysicsInterface, for results such as junction depths, doses and sheet
   * resistances (the 'dopant profiles' postprocessor): the depth below the
   * surface, the regions, the charge of each field, the background doping
   * and the temperature. A physics implements it in addition to
   * PhysicsInterface; its fields are concentrations in cm^-3 (their names
   * and scales per region come from PhysicsInterface::fields() and
   * field_scale()).
   */
  template <int dim>
  class WaferProcess
  {
  public:
    virtual ~WaferProcess() = default;

    /**
     * The charge of field @p field when ionised: +1 for a donor, -1 for an
     * acceptor.
     */
    virtual int
    field_charge(const unsigned int field) const = 0;

    /**
     * Background doping with sign [cm^-3]: > 0 donors, < 0 acceptors.
     */
    virtual double
    signed_background() const = 0;

    /**
     * Temperature [K] at time @p t.
     */
    virtual double
    temperature(const double t) const = 0;

    /**
     * Depth below the surface (in length units) of @p p; negative above
     * it (in a mask).
     */
    virtual double
    depth(const Point<dim> &p) const = 0;

    /**
     * Position of the surface along the last axis (where depth is 0).
     */
    virtual double
    surface_position() const = 0;

    /**
     * The length unit in cm.
     */
    virtual double
    length_unit_cm() const = 0;

    /**
     * Whether region @p m is an oxide.
     */
    virtual bool
    is_oxide(const types::material_id m) const = 0;

    /**
     * Whether region @p m is a thin interface layer, which holds no
     * concentration of its own.
     */
    virtual bool
    is_interface_layer(const types::material_id m) const = 0;

    /**
     * Whether some region is an oxide.
     */
    virtual bool
    has_oxide() const = 0;

    /**
     * The integral of each field of @p u over the domain, summed over
     * ranks; the same over the silicon alone into @p silicon if given.
     */
    virtual std::vector<double>
    amounts(const TrilinosWrappers::MPI::Vector &u,
            std::vector<double>                 *silicon = nullptr) const = 0;

    /**
     * Area of the surface projected on the wafer plane, summed over ranks:
     * doses are per this area.
     */
    virtual double
    wafer_area() const = 0;
  };
} // namespace Fluxion

#endif
