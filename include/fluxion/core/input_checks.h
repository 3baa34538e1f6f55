#ifndef fluxion_core_input_checks_h
#define fluxion_core_input_checks_h

#include <deal.II/base/mpi.h>
#include <deal.II/base/point.h>
#include <deal.II/base/types.h>
#include <deal.II/grid/tria.h>

#include <fluxion/materials/diffusivity_law.h>

#include <functional>
#include <string>
#include <vector>

namespace Fluxion
{
  using namespace dealii;

  /**
   * The data of a physics that can be checked before the first step
   * without solving: its expressions as functions of position and time,
   * and its diffusivity laws. Every item names the parameter that holds it,
   * so that an error can point at the line of the parameter file.
   */
  template <int dim>
  struct StartData
  {
    /**
     * A scalar datum of position and time, evaluated at the vertices of the
     * mesh at the start time: on every cell, or only on the faces of one
     * boundary.
     */
    struct Field
    {
      /// The parameter(s), e.g. "Source/Expression".
      std::string parameter;
      /// What the value is, e.g. "the source".
      std::string                                             quantity;
      std::function<double(const Point<dim> &, const double)> value;
      /// The boundary it applies to; invalid: the whole domain.
      types::boundary_id boundary = numbers::invalid_boundary_id;
      std::string        boundary_name;
      /// A prescribed concentration, which laws of the adjacent regions
      /// will see.
      bool is_concentration = false;
      /// The same value everywhere and at all times (evaluated once).
      bool uniform = false;
    };

    /**
     * A flux through a boundary that depends on the concentration there:
     * the inward flux and its derivative with respect to c.
     */
    struct Flux
    {
      std::string        parameter;
      std::string        boundary_name;
      types::boundary_id boundary;
      std::function<std::pair<double, double>(const Point<dim> &,
                                              const double,
                                              const double)>
        value;
    };

    /**
     * The diffusivity law of one region.
     */
    struct Law
    {
      /// The parameter(s) that define it, e.g. "Materials/domain/D".
      std::string                parameter;
      std::string                region_name;
      types::material_id         region;
      const DiffusivityLaw<dim> *law;
    };

    /// The initial concentration.
    Field initial;
    /// The temperature T(x, t) in K that the laws see.
    Field temperature;
    /// Other expressions: sources, prescribed concentrations.
    std::vector<Field> fields;
    std::vector<Flux>  fluxes;
    std::vector<Law>   laws;
  };

  /**
   * Evaluate the data of a physics at the start time @p t0 on every vertex
   * of the mesh: the initial concentration, the temperature, the sources
   * and boundary data must be finite numbers, the temperature must be
   * positive where a law depends on it, and every law must give a positive,
   * finite D (and a finite dD/dc) over the concentrations of its region at
   * the start (initial values and prescribed boundary values, and values in
   * between). D must also stay small enough that D dt / h^2 on the finest
   * cell of the region does not overflow in the solver (@p dt: the first
   * time step; 0 for a steady run).
   *
   * The first failure, in this order of checks and at the vertex that comes
   * first in the order of coordinates, is thrown on every rank alike as an
   * error that names the parameter, the region or boundary and the point.
   */
  template <int dim>
  void
  check_start_data(const Triangulation<dim> &triangulation,
                   const StartData<dim>     &data,
                   const double              t0,
                   const double              dt,
                   const MPI_Comm            communicator);

  /**
   * The time-stepping parameters of a transient run must agree with each
   * other: a positive <Minimum step>, <Maximum step> not below it, an
   * <Initial step> in [<Minimum step>, <Maximum step>] (above <Maximum
   * step> only with adaptive steps, which clip it), and a positive
   * <Tolerance> for adaptive steps. Throws an error that names them.
   */
  void
  check_time_stepping(const bool   adaptive,
                      const double initial_step,
                      const double minimum_step,
                      const double maximum_step,
                      const double tolerance);

  /**
   * Throw a CollectiveError with @p message on every rank of
   * @p communicator if any rank has a non-empty message (the message of the
   * first such rank).
   */
  void
  throw_if_any_rank(const std::string &message, const MPI_Comm communicator);
} // namespace Fluxion

#endif
