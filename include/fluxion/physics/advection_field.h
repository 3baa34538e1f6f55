#ifndef fluxion_physics_advection_field_h
#define fluxion_physics_advection_field_h

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/tensor.h>

#include <fluxion/core/parsed_expression.h>

#include <array>
#include <memory>
#include <string>

namespace Fluxion
{
  /**
   * A given velocity field u(x, t) that carries the substance, from the
   * section <Advection>, and the parameter of its streamline-upwind
   * Petrov-Galerkin (SUPG) stabilisation.
   *
   * The flux is J = -D grad c + c u. On a cell of size h (measured along
   * the flow) with the cell Peclet number Pe = |u| h / (2 D), SUPG adds
   * the strong residual R of the equation, tested with tau u . grad v,
   * where
   *
   *   tau = h / (2 |u|) (coth(Pe) - 1/Pe),
   *
   * the parameter that makes Q1 elements nodally exact for the steady 1D
   * advection-diffusion equation with constant coefficients (it tends to
   * h / (2 |u|) for Pe >> 1 and to h^2 / (12 D) for Pe << 1). The size h
   * is the element length in the flow direction, h = 2 |u| / sum_i |u .
   * grad phi_i| (Tezduyar and Osawa, 2000), which is the cell length in 1D
   * and on rectangles aligned with the flow.
   */
  template <int dim>
  class AdvectionField
  {
  public:
    /**
     * Declare <Advection/Velocity> and <Advection/Stabilization> with the
     * meaning they have in the diffusion physics.
     */
    static void
    declare_parameters(ParameterHandler &prm);

    /**
     * Declare <Advection/Velocity>, whose documentation ends with
     * @p meaning (how the physics adds the flux and treats boundaries),
     * and <Advection/Stabilization> if @p stabilization.
     */
    static void
    declare_parameters(ParameterHandler  &prm,
                       const std::string &meaning,
                       const bool         stabilization);

    /**
     * Read the section; the velocity needs one expression per component.
     * Without @p stabilization (the section has no <Stabilization>), SUPG
     * is off.
     */
    void
    parse_parameters(ParameterHandler &prm, const bool stabilization = true);

    /**
     * Whether any component of the velocity is given (not the default 0).
     */
    bool
    active() const
    {
      return is_active;
    }

    /**
     * Whether the SUPG terms are added (<Advection/Stabilization> = supg).
     */
    bool
    stabilized() const
    {
      return supg;
    }

    /**
     * The velocity at a point and time [length unit/s].
     */
    Tensor<1, dim>
    velocity(const Point<dim> &p, const double t) const;

    /**
     * The divergence of the velocity, by central differences with the step
     * @p delta (a small fraction of the cell size).
     */
    double
    divergence(const Point<dim> &p, const double t, const double delta) const;

    /**
     * The SUPG parameter tau for the speed |u|, the size h and the
     * diffusivity D, and its derivative d tau / d D (0 without
     * stabilisation or flow).
     */
    static std::pair<double, double>
    tau(const double speed, const double h, const double D);

  private:
    std::array<std::unique_ptr<ParsedExpression<dim>>, dim> components;
    bool                                                    is_active = false;
    bool                                                    uniform   = true;
    bool                                                    supg      = true;
  };
} // namespace Fluxion

#endif
